namespace ContentFlows.Workflows.Pipelines;

/// <summary>A reviewer's decision, sent to a waiting pipeline as a signal.</summary>
/// <param name="Decision">Approve, edit or reject.</param>
/// <param name="Reviewer">Who decided (recorded in the approvals audit).</param>
/// <param name="Reason">Why; required for a rejection.</param>
/// <param name="EditedContent">The new text for an edit; null otherwise.</param>
public sealed record ApprovalDecision(ApprovalDecisionKind Decision, string Reviewer, string? Reason = null, ContentFields? EditedContent = null);
