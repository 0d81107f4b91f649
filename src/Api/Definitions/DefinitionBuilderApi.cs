using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Definitions;

/// <summary>
/// What a pipeline builder needs beyond storing definitions: checking stages before saving, a definition's versions,
/// and activating one of them.
/// </summary>
internal static class DefinitionBuilderApi
{
    public static RouteGroupBuilder MapDefinitionBuilderApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/definitions").WithTags("Pipeline definitions").RequireAuthorization(ApiPolicies.Reader);
        group.MapPost("/validate", ValidateDefinitionAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("ValidateDefinition").WithSummary("Check stages as storing them would (stage types, configs, order, the project's approval rule), storing nothing; problems by stage.");
        group.MapGet("/{definitionId:guid}/versions", ListDefinitionVersionsAsync).WithName("ListDefinitionVersions")
            .WithSummary("List a definition's versions, newest first, and which one is active.");
        group.MapPost("/{definitionId:guid}/versions/{version:int}/activate", ActivateDefinitionVersionAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("ActivateDefinitionVersion").WithSummary("Make a version the one runs, batches and schedules get when they name no version.");
        return group;
    }

    public static async Task<Results<Ok<DefinitionValidation>, ValidationProblem>> ValidateDefinitionAsync(
        ValidateDefinitionRequest? request, ClaimsPrincipal user, StageTypeRegistry stageTypes, ProjectStore projects, CancellationToken cancellationToken)
    {
        if (request?.Stages is not { } stages)
        {
            return ApiProblems.Invalid("stages", "is required");
        }

        if (stages.Count > DefinitionsApi.MaxStages)
        {
            return ApiProblems.Invalid("stages", string.Create(CultureInfo.InvariantCulture, $"a pipeline has at most {DefinitionsApi.MaxStages} stages (was {stages.Count})"));
        }

        var problems = new ValidationErrors();
        for (var index = 0; index < stages.Count; index++)
        {
            if (stages[index] is null || string.IsNullOrWhiteSpace(stages[index].Type))
            {
                problems.Add($"stages[{index}]", $"Stage {index}: a stage type is required.");
            }
        }

        if (problems.IsEmpty)
        {
            var project = await projects.GetAsync(Caller.From(user).ProjectId, cancellationToken);
            foreach (var problem in stageTypes.Validate(stages, project.Publishing))
            {
                problems.Add(DefinitionsApi.StageField(problem), problem);
            }
        }

        return TypedResults.Ok(new DefinitionValidation(problems.IsEmpty, problems.ToDictionary()));
    }

    public static async Task<Results<Ok<DefinitionVersionList>, ProblemHttpResult>> ListDefinitionVersionsAsync(
        Guid definitionId, ClaimsPrincipal user, DefinitionVersionQueries versions, CancellationToken cancellationToken) =>
        await versions.ListAsync(Caller.From(user).ProjectId, definitionId, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : ApiProblems.NotFound("Pipeline definition", definitionId);

    public static async Task<Results<Ok<DefinitionVersionList>, ProblemHttpResult>> ActivateDefinitionVersionAsync(
        Guid definitionId, int version, ClaimsPrincipal user, DefinitionVersionQueries versions, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!await versions.ActivateAsync(caller.ProjectId, definitionId, version, caller.Name, cancellationToken))
        {
            return ApiProblems.NotFound("Pipeline definition", $"{definitionId} version {version}");
        }

        return TypedResults.Ok((await versions.ListAsync(caller.ProjectId, definitionId, cancellationToken))!);
    }
}
