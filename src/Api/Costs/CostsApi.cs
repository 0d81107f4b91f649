using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;
using ContentFlows.Api.Batches;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ContentFlows.Api.Costs;

/// <summary>
/// LLM costs from the stored call rows (each costed at the price of the model that answered, in the project's currency):
/// for the project, a run or a batch, grouped by model, stage, day, run or batch, with totals per currency.
/// </summary>
internal static class CostsApi
{
    private static readonly IReadOnlyList<LlmCostDimension> StageAndModel = [LlmCostDimension.Stage, LlmCostDimension.Model];

    public static RouteGroupBuilder MapCostsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api").WithTags("Costs").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/costs", GetCostsAsync).WithName("GetCosts")
            .WithSummary("The project's LLM calls, tokens and cost grouped by groupBy (model, stage, day, run, batch; comma-separated; default model) per currency, for calls made in [from, to) (ISO 8601; each optional).");
        group.MapGet("/runs/{runId:guid}/costs", GetRunCostsAsync).WithName("GetRunCosts")
            .WithSummary("A run's LLM calls, tokens and cost grouped by groupBy (default stage,model), with totals per currency (retries included: every call costs).");
        group.MapGet("/batches/{batchId:guid}/costs", GetBatchCostsAsync).WithName("GetBatchCosts")
            .WithSummary("The LLM calls of a batch's item runs (every attempt) grouped by groupBy (default stage,model), with totals per currency.");
        group.MapGet("/projects/{projectId:guid}/costs", GetProjectCostsAsync).WithName("GetProjectCosts")
            .WithSummary("The project's LLM calls grouped by groupBy (default stage,model) for calls made in [from, to), with totals per currency.");
        return group;
    }

    public static async Task<Results<Ok<CostReport>, ValidationProblem>> GetCostsAsync(
        string? from, string? to, [FromQuery] string[]? groupBy, ClaimsPrincipal user, LlmCallStore calls, CancellationToken cancellationToken)
    {
        if (!TryParse(from, to, groupBy, [LlmCostDimension.Model], out var query, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok(await ReportAsync(calls, query with { ProjectId = Caller.From(user).ProjectId }, cancellationToken));
    }

    public static async Task<Results<Ok<CostReport>, ValidationProblem, ProblemHttpResult>> GetRunCostsAsync(
        Guid runId, [FromQuery] string[]? groupBy, ClaimsPrincipal user, PipelineRunStore runs, LlmCallStore calls, CancellationToken cancellationToken)
    {
        if (!TryParse(null, null, groupBy, StageAndModel, out var query, out var problem))
        {
            return problem;
        }

        if (await runs.FindOwnAsync(Caller.From(user), runId, cancellationToken) is not { } run)
        {
            return ApiProblems.NotFound("Run", runId);
        }

        return TypedResults.Ok(await ReportAsync(calls, query with { ProjectId = run.ProjectId, RunId = runId }, cancellationToken));
    }

    public static async Task<Results<Ok<CostReport>, ValidationProblem, ProblemHttpResult>> GetBatchCostsAsync(
        Guid batchId, string? from, string? to, [FromQuery] string[]? groupBy, ClaimsPrincipal user, BatchStore batches, LlmCallStore calls, CancellationToken cancellationToken)
    {
        if (!TryParse(from, to, groupBy, StageAndModel, out var query, out var problem))
        {
            return problem;
        }

        if (await batches.FindOwnAsync(Caller.From(user), batchId, cancellationToken) is not { } batch)
        {
            return ApiProblems.NotFound("Batch", batchId);
        }

        return TypedResults.Ok(await ReportAsync(calls, query with { ProjectId = batch.ProjectId, BatchId = batchId }, cancellationToken));
    }

    public static async Task<Results<Ok<CostReport>, ValidationProblem, ProblemHttpResult>> GetProjectCostsAsync(
        Guid projectId, string? from, string? to, [FromQuery] string[]? groupBy, ClaimsPrincipal user, LlmCallStore calls, CancellationToken cancellationToken)
    {
        if (!TryParse(from, to, groupBy, StageAndModel, out var query, out var problem))
        {
            return problem;
        }

        // A key sees its own project only; any other id reads as missing.
        if (Caller.From(user).ProjectId != projectId)
        {
            return ApiProblems.NotFound("Project", projectId);
        }

        return TypedResults.Ok(await ReportAsync(calls, query with { ProjectId = projectId }, cancellationToken));
    }

    private static async Task<CostReport> ReportAsync(LlmCallStore calls, LlmCostQuery query, CancellationToken cancellationToken)
    {
        var groups = await calls.SummarizeAsync(query, cancellationToken);
        return new CostReport(
            query.ProjectId,
            query.RunId,
            query.BatchId,
            query.From,
            query.To,
            query.GroupBy.Select(CostDimensions.Name).ToList(),
            groups.Select(CostGroupResponse.From).ToList(),
            LlmCostTotal.Of(groups).Select(CostTotalResponse.From).ToList());
    }

    private static bool TryParse(string? from, string? to, string[]? groupBy, IReadOnlyList<LlmCostDimension> defaultGroupBy, out LlmCostQuery query, out ValidationProblem problem)
    {
        var errors = new ValidationErrors();
        var start = ParseInstant("from", from, errors);
        var end = ParseInstant("to", to, errors);
        if (start is { } s && end is { } e && s >= e)
        {
            errors.Add("to", $"must be after from (was {e:O}, from {s:O})");
        }

        var dimensions = groupBy is { Length: > 0 } ? CostDimensions.Parse(groupBy) : defaultGroupBy;
        if (dimensions is null)
        {
            errors.Add("groupBy", $"must be a comma-separated list of distinct dimensions among {CostDimensions.Names} (was \"{string.Join(',', groupBy!)}\")");
        }

        query = new LlmCostQuery(Guid.Empty, dimensions ?? [], start, end);
        problem = ApiProblems.Invalid(errors.ToDictionary());
        return errors.IsEmpty;
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
