namespace ContentFlows.Activities.Feeds;

/// <summary>What reading one feed gave: its usable items and a warning per thing left out (the feed itself, or malformed items).</summary>
/// <param name="Items">The usable items, in feed order.</param>
/// <param name="Warnings">Degradation warnings; empty when everything was read.</param>
public sealed record FeedRead(IReadOnlyList<FeedItem> Items, IReadOnlyList<string> Warnings);
