namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The property names (JavaScript's <c>Object.keys</c>) of a draft, its author and its first section, as the TS side saw them.</summary>
public sealed record DraftKeys(IReadOnlyList<string> Keys, IReadOnlyList<string> AuthorKeys, IReadOnlyList<string> SectionKeys);
