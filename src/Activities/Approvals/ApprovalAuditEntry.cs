using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Approvals;

/// <summary>One audited approval decision.</summary>
/// <param name="Reviewer">Who decided ("system:..." for timeout policies).</param>
/// <param name="Decision">What they decided.</param>
/// <param name="Reason">Why.</param>
/// <param name="ReviewedVersion">The version they saw.</param>
/// <param name="ResultingVersion">The version that went on (the edited one for an edit).</param>
/// <param name="DiffJson">The changed fields as JSON (field → before/after), for edits.</param>
/// <param name="DecidedAt">When it was recorded.</param>
public sealed record ApprovalAuditEntry(string Reviewer, ApprovalDecisionKind Decision, string? Reason, int? ReviewedVersion, int? ResultingVersion, string? DiffJson, DateTimeOffset DecidedAt);
