using ContentFlows.Activities.Costs;

namespace ContentFlows.Api.Costs;

/// <summary>The LLM calls of a project's runs made in [from, to) rolled up per stage type and model, with totals.</summary>
internal sealed record ProjectCostReport(Guid ProjectId, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<LlmCostGroup> Groups, CostTotals Totals);
