namespace ContentFlows.Activities.Feeds;

/// <summary>The new items a run's feeds stage collected, and what it had to leave out.</summary>
/// <param name="Items">Items no earlier run of the project took.</param>
/// <param name="Warnings">Degradation warnings: unreachable or malformed feeds, malformed items.</param>
public sealed record FeedCollection(IReadOnlyList<FeedItem> Items, IReadOnlyList<string> Warnings);
