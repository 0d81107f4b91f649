namespace ContentFlows.Api.Costs;

/// <summary>
/// The project's monthly LLM budget (null when none is set) against what the calls of this UTC calendar month [From, To)
/// cost in its currency, the share spent, and whether that share calls for an alert (80% or more).
/// </summary>
internal sealed record CostBudgetResponse(decimal? MonthlyBudget, string? Currency, decimal Spent, decimal? SpentFraction, bool Alert, DateTimeOffset From, DateTimeOffset To);
