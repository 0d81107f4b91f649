namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>What the TS workflow and activity `echoDraft*` return: the draft as received and the property names they saw.</summary>
public sealed record DraftEcho(DraftRequest Draft, DraftKeys Seen);
