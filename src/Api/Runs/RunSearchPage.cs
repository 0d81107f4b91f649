namespace ContentFlows.Api.Runs;

/// <summary>
/// A page of the console's runs list, newest first: <see cref="Total"/> runs match the filters; pass
/// <see cref="NextCursor"/> as ?cursor= (with the same filters) for the next page, null on the last.
/// </summary>
internal sealed record RunSearchPage(IReadOnlyList<RunSearchItem> Items, long Total, string? NextCursor);
