namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>A draft as both SDKs pass it around: a nested object and lists, written camelCase on the wire.</summary>
public sealed record DraftRequest(
    string DraftId, string Title, DraftAuthor Author, IReadOnlyList<DraftSection> Sections, IReadOnlyList<string> Tags);
