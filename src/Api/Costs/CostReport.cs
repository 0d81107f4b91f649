namespace ContentFlows.Api.Costs;

/// <summary>LLM costs of a project (or one of its runs or batches) in [from, to), grouped as asked, with totals per currency.</summary>
internal sealed record CostReport(
    Guid ProjectId,
    Guid? RunId,
    Guid? BatchId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<string> GroupBy,
    IReadOnlyList<CostGroupResponse> Groups,
    IReadOnlyList<CostTotalResponse> Totals);
