namespace ContentFlows.Temporal.InteropTests.Sdk.Payloads;

/// <summary>The result of <see cref="Workflows.ReviewWorkflow"/>.</summary>
public sealed record ReviewOutcome(string DraftId, string Status, ReviewDecision Decision);
