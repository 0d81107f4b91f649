using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Approvals;

/// <summary>The decision was delivered to the waiting run; the run row and artifacts show its effect once the workflow has applied it.</summary>
internal sealed record ApprovalAccepted(Guid RunId, ApprovalDecisionKind Decision, string Reviewer);
