namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>A failure detail that crosses the SDK boundary inside an ApplicationFailure.</summary>
public sealed record RejectionDetail(string Field, int Limit);
