using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Approvals;

/// <summary>A reviewer's decision: approve, edit (with the new <see cref="Content"/>) or reject (with a <see cref="Reason"/>).</summary>
internal sealed record ApprovalRequest(string? Decision, string? Reason, ContentFields? Content);
