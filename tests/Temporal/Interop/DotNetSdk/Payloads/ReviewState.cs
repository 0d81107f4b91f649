namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>What <see cref="Workflows.ReviewWorkflow"/>'s query answers.</summary>
public sealed record ReviewState(string Status, int DecisionCount, ReviewDecision? LastDecision);
