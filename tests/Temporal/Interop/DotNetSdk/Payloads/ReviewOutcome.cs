namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The result of <see cref="Workflows.ReviewWorkflow"/>.</summary>
public sealed record ReviewOutcome(string DraftId, string Status, ReviewDecision Decision);
