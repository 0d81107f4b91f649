using ContentFlows.Activities.Costs;

namespace ContentFlows.Api.Costs;

/// <summary>A run's LLM calls rolled up per stage type and model, with totals.</summary>
internal sealed record RunCostReport(Guid RunId, IReadOnlyList<LlmCostGroup> Groups, CostTotals Totals);
