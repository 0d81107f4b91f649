using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentFlows.Api.Costs;

/// <summary>LLM cost roll-ups per run and per project, grouped by stage type and model, from the stored call rows.</summary>
internal static class CostsApi
{
    public static RouteGroupBuilder MapCostsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api").WithTags("Costs").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/runs/{runId:guid}/costs", GetRunCostsAsync).WithName("GetRunCosts")
            .WithSummary("A run's LLM calls, tokens and cost per stage and model, with totals (retries included: every call costs).");
        group.MapGet("/projects/{projectId:guid}/costs", GetProjectCostsAsync).WithName("GetProjectCosts")
            .WithSummary("The project's LLM calls, tokens and cost per stage and model, with totals, for calls made in [from, to) (ISO 8601; each optional).");
        return group;
    }

    public static async Task<Results<Ok<RunCostReport>, ProblemHttpResult>> GetRunCostsAsync(
        Guid runId, ClaimsPrincipal user, PipelineRunStore runs, LlmCallStore calls, CancellationToken cancellationToken)
    {
        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        var summary = await calls.SummarizeRunAsync(runId, cancellationToken);
        return TypedResults.Ok(new RunCostReport(runId, summary.Groups, CostTotals.From(summary)));
    }

    public static async Task<Results<Ok<ProjectCostReport>, ValidationProblem, ProblemHttpResult>> GetProjectCostsAsync(
        Guid projectId, string? from, string? to, ClaimsPrincipal user, LlmCallStore calls, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var start = ParseInstant("from", from, errors);
        var end = ParseInstant("to", to, errors);
        if (start is { } s && end is { } e && s >= e)
        {
            errors.Add("to", $"must be after from (was {e:O}, from {s:O})");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        // A key sees its own project only; any other id reads as missing.
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        var summary = await calls.SummarizeProjectAsync(projectId, start, end, cancellationToken);
        return TypedResults.Ok(new ProjectCostReport(projectId, start, end, summary.Groups, CostTotals.From(summary)));
    }

    // A date alone means its midnight UTC; a time without an offset means UTC.
    private static DateTimeOffset? ParseInstant(string name, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(name, $"must be an ISO 8601 date or date-time such as 2026-01-31 or 2026-01-31T12:00:00Z (was \"{value}\")");
        return null;
    }
}
