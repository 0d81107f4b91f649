namespace ContentFlows.Temporal.InteropTests.Sdk.Payloads;

/// <summary>The result of the C# activity <see cref="Workflows.DraftActivities.SummarizeDraftAsync"/>, read by a TS workflow.</summary>
public sealed record DraftSummary(string DraftId, int TotalWords, IReadOnlyList<string> Headings, DraftAuthor Author);
