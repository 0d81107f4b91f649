namespace ContentFlows.Workflows.Pipelines;

/// <summary>What the approval activity stored.</summary>
/// <param name="ApprovalId">The audit row.</param>
/// <param name="ResultingVersion">The version that goes on: the edited one for an edit, the reviewed one otherwise.</param>
public sealed record ApprovalRecorded(Guid ApprovalId, int? ResultingVersion);
