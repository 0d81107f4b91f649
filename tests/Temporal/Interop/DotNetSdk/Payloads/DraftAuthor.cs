namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The nested object of a <see cref="DraftRequest"/>.</summary>
public sealed record DraftAuthor(string Name, string Email);
