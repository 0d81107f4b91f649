using System.Security.Claims;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Content;

/// <summary>A run's content versions (its artifacts): every draft, with its gate report.</summary>
internal static class ContentVersionsApi
{
    public static RouteGroupBuilder MapContentVersionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api/runs/{runId:guid}/versions").WithTags("Content versions").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/", ListVersionsAsync).WithName("ListContentVersions").WithSummary("List a run's content versions, in order.");
        group.MapGet("/{version:int}", GetVersionAsync).WithName("GetContentVersion").WithSummary("Read one content version.");
        return group;
    }

    public static async Task<Results<Ok<ContentVersion[]>, ProblemHttpResult>> ListVersionsAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, ContentVersionStore versions, CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        return TypedResults.Ok((await versions.ListAsync(runId, cancellationToken)).ToArray());
    }

    public static async Task<Results<Ok<ContentVersion>, ProblemHttpResult>> GetVersionAsync(
        Guid runId, int version, ClaimsPrincipal user, PipelineRunStore runs, ContentVersionStore versions, CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        try
        {
            return TypedResults.Ok(await versions.GetAsync(runId, version, cancellationToken));
        }
        catch (KeyNotFoundException)
        {
            return ApiProblems.NotFound("Content version", $"{version} of run {runId}");
        }
    }
}
