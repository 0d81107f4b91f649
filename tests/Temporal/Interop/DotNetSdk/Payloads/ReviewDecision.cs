namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The argument of <see cref="Workflows.ReviewWorkflow"/>'s signal, sent by the TS client.</summary>
public sealed record ReviewDecision(string Reviewer, bool Approved, IReadOnlyList<string> Notes, ReviewScores Scores);
