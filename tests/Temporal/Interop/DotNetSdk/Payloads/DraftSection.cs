namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>An item of a <see cref="DraftRequest"/>'s list of objects.</summary>
public sealed record DraftSection(string Heading, int WordCount);
