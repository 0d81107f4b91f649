namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;

/// <summary>The result of the C# activity <see cref="Workflows.DraftActivities.SummarizeDraftAsync"/>, read by a TS workflow.</summary>
public sealed record DraftSummary(string DraftId, int TotalWords, IReadOnlyList<string> Headings, DraftAuthor Author);
