using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Workflows.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Definitions;

/// <summary>Pipeline definitions: created only when valid (every problem listed with its stage), stored as immutable versions.</summary>
internal static partial class DefinitionsApi
{
    public const int MaxNameLength = 200;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    // Each stage is an activity (and history events) per run: a definition of thousands would make every run a flood.
    public const int MaxStages = 50;

    private static readonly JsonDocument EmptyConfig = JsonDocument.Parse("{}");

    public static RouteGroupBuilder MapDefinitionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/definitions").WithTags("Pipeline definitions").RequireAuthorization(ApiPolicies.Reader);
        group.MapPost("/", CreateDefinitionAsync).RequireAuthorization(ApiPolicies.Editor)
            .WithName("CreateDefinition").WithSummary("Validate a pipeline definition and store it as the next version of its name.");
        group.MapGet("/", ListDefinitionsAsync).WithName("ListDefinitions")
            .WithSummary("List the project's definitions, every version, by name then newest version, a page at a time (?limit=, ?cursor= from nextCursor).");
        group.MapGet("/{definitionId:guid}", GetDefinitionAsync).WithName("GetDefinition").WithSummary("Read a definition's active version: the latest unless another was activated.");
        group.MapGet("/{definitionId:guid}/versions/{version:int}", GetDefinitionVersionAsync).WithName("GetDefinitionVersion").WithSummary("Read one version of a definition.");
        return group;
    }

    public static async Task<Results<Created<DefinitionResponse>, ValidationProblem>> CreateDefinitionAsync(
        CreateDefinitionRequest? request, ClaimsPrincipal user, PipelineDefinitionStore definitions, DefinitionQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Required("name", request?.Name);
        if (request?.Name is { Length: > MaxNameLength })
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters");
        }

        if (request?.Stages is not { Count: > 0 } stages)
        {
            errors.Add("stages", "a pipeline needs at least one stage");
        }
        else if (stages.Count > MaxStages)
        {
            errors.Add("stages", string.Create(CultureInfo.InvariantCulture, $"a pipeline has at most {MaxStages} stages (was {stages.Count})"));
        }
        else
        {
            for (var index = 0; index < stages.Count; index++)
            {
                if (stages[index] is null || string.IsNullOrWhiteSpace(stages[index].Type))
                {
                    errors.Add($"stages[{index}].type", "is required");
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        try
        {
            var pinned = await definitions.AddVersionAsync(caller.ProjectId, request!.Name!.Trim(), request.Stages!.Select(WithConfig).ToList(), cancellationToken);
            var stored = await queries.GetAsync(caller.ProjectId, pinned.DefinitionId, pinned.Version, cancellationToken);
            return TypedResults.Created($"/api/definitions/{pinned.DefinitionId}/versions/{pinned.Version}", stored!);
        }
        catch (PipelineDefinitionRejectedException e)
        {
            foreach (var problem in e.Problems)
            {
                errors.Add(StageField(problem), problem);
            }

            return ApiProblems.Invalid(errors.ToDictionary());
        }
    }

    public static async Task<Results<Ok<DefinitionPage>, ValidationProblem>> ListDefinitionsAsync(
        string? limit, string? cursor, ClaimsPrincipal user, DefinitionQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var size = DefaultPageSize;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxPageSize))
        {
            errors.Add("limit", $"must be 1 to {MaxPageSize} (was \"{limit}\")");
        }

        var after = cursor is null ? null : DefinitionCursor.Parse(cursor);
        if (cursor is not null && after is null)
        {
            errors.Add("cursor", "must be the nextCursor of an earlier page");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var page = await queries.ListAsync(Caller.From(user).ProjectId, after, size, cancellationToken);
        var next = page.Count == size ? new DefinitionCursor(page[^1].Name, page[^1].Version).Format() : null;
        return TypedResults.Ok(new DefinitionPage(page, next));
    }

    public static async Task<Results<Ok<DefinitionResponse>, ProblemHttpResult>> GetDefinitionAsync(
        Guid definitionId, ClaimsPrincipal user, DefinitionQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(Caller.From(user).ProjectId, definitionId, null, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : ApiProblems.NotFound("Pipeline definition", definitionId);

    public static async Task<Results<Ok<DefinitionResponse>, ProblemHttpResult>> GetDefinitionVersionAsync(
        Guid definitionId, int version, ClaimsPrincipal user, DefinitionQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(Caller.From(user).ProjectId, definitionId, version, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : ApiProblems.NotFound("Pipeline definition", $"{definitionId} version {version}");

    // A stage sent without "config" means its defaults; stored as {} (an absent JsonElement cannot be written back out).
    private static StageDefinition WithConfig(StageDefinition stage) =>
        stage.Config.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? stage with { Config = EmptyConfig.RootElement.Clone() } : stage;

    /// <summary>The request field a registry problem is about: "Stage 2 (rewrite): ..." is stages[2], anything else the whole list.</summary>
    public static string StageField(string problem) =>
        StageProblemPattern().Match(problem) is { Success: true } match
            ? string.Create(CultureInfo.InvariantCulture, $"stages[{int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)}]")
            : "stages";

    [GeneratedRegex(@"^Stage (\d+)\b")]
    private static partial Regex StageProblemPattern();
}
