using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>The answer to <see cref="ITemporalClient.CountWorkflowsAsync"/>: the count and, for GROUP BY queries, the groups.</summary>
/// <param name="Count">The number of matching workflows.</param>
/// <param name="Groups">The groups of a GROUP BY query; empty otherwise.</param>
public sealed record WorkflowExecutionCount(long Count, IReadOnlyList<CountWorkflowExecutionsResponse.Types.AggregationGroup> Groups);
