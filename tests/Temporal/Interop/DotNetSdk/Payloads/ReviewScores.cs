namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The nested object of a <see cref="ReviewDecision"/>.</summary>
public sealed record ReviewScores(int Clarity, int Accuracy);
