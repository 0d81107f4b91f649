namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>What a C# workflow saw when a TS activity timed out: the exception types of the chain, the timeout type and the last heartbeat.</summary>
public sealed record ActivityTimeoutReport(string Exception, string RetryState, string? Cause, string? TimeoutType, string? LastHeartbeat);
