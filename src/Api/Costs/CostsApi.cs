using System.Globalization;
using System.Security.Claims;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Projects;
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
    /// <summary>The share of a monthly budget spent at which the budget reports an alert.</summary>
    public const decimal BudgetAlertFraction = 0.8m;

    private static readonly IReadOnlyList<LlmCostDimension> StageAndModel = [LlmCostDimension.Stage, LlmCostDimension.Model];

    public static RouteGroupBuilder MapCostsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("api").WithTags("Costs").RequireAuthorization(ApiPolicies.Reader);
        group.MapGet("/costs", GetCostsAsync).WithName("GetCosts")
            .WithSummary("The project's LLM calls, tokens and cost grouped by groupBy (model, stage, day, run, batch, definition; comma-separated; default model) per currency, for calls made in [from, to) (ISO 8601; each optional).");
        group.MapGet("/costs/budget", GetBudgetAsync).WithName("GetCostBudget")
            .WithSummary("The project's monthly LLM budget (llm.monthlyBudget) against what this UTC calendar month's calls cost in its currency; alert from 80% spent.");
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

    public static async Task<Ok<CostBudgetResponse>> GetBudgetAsync(ClaimsPrincipal user, ProjectStore projects, LlmCallStore calls, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(Caller.From(user).ProjectId, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var from = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddMonths(1);
        var groups = await calls.SummarizeAsync(new LlmCostQuery(project.Id, [], from, to), cancellationToken);
        var totals = LlmCostTotal.Of(groups);

        // The budget is in the project's currency; without one set, in the currency its calls were priced in (rows from
        // before price lists have none and count towards it).
        var currency = project.Llm.Currency ?? totals.Select(t => t.Currency).FirstOrDefault(c => c is not null);
        var spent = totals.Where(t => t.Currency == currency || t.Currency is null).Sum(t => t.Cost);
        var budget = project.Llm.MonthlyBudget;
        decimal? fraction = budget is { } limit ? spent / limit : null;
        return TypedResults.Ok(new CostBudgetResponse(budget, currency, spent, fraction, fraction >= BudgetAlertFraction, from, to));
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
