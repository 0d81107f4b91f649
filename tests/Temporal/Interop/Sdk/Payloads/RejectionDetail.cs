namespace ContentFlows.Temporal.InteropTests.Sdk.Payloads;

/// <summary>A failure detail that crosses the SDK boundary inside an ApplicationFailure.</summary>
public sealed record RejectionDetail(string Field, int Limit);
