namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The argument of the TS <c>approvalWorkflow</c>'s <c>approve</c> signal (TS reads <c>approval.by</c> and <c>approval.comment</c>).</summary>
public sealed record Approval(string By, string Comment);
