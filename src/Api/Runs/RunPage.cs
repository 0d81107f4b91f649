namespace ContentFlows.Api.Runs;

/// <summary>A page of runs, newest first; pass <see cref="NextCursor"/> as ?cursor= for the next page (null on the last).</summary>
internal sealed record RunPage(IReadOnlyList<RunSummary> Items, string? NextCursor);
