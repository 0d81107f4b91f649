namespace ContentFlows.Activities.Feeds;

/// <summary>The config of the <c>feeds</c> stage.</summary>
public sealed class FeedsStageConfig
{
    /// <summary>The most feeds one stage reads.</summary>
    public const int MaxFeeds = 50;

    /// <summary>Gets or sets the RSS 2.0 or Atom feed URLs to read.</summary>
    public IReadOnlyList<string> Feeds { get; set; } = [];

    /// <summary>Gets or sets how many items of each feed are considered, newest first as the feed lists them. Default 30.</summary>
    public int MaxItemsPerFeed { get; set; } = 30;

    /// <summary>Gets or sets how long one feed may take to answer. Default 15 s.</summary>
    public int FetchTimeoutSeconds { get; set; } = 15;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Feeds is null || Feeds.Count is 0 or > MaxFeeds)
        {
            problems.Add($"feeds must list 1..{MaxFeeds} feed URLs (listed {Feeds?.Count ?? 0}).");
        }
        else
        {
            problems.AddRange(Feeds
                .Where(f => !Uri.TryCreate(f, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                .Select(f => $"feeds: \"{f}\" is not an absolute http(s) URL."));
        }

        if (MaxItemsPerFeed is < 1 or > 500)
        {
            problems.Add($"maxItemsPerFeed must be within 1..500 (was {MaxItemsPerFeed}).");
        }

        if (FetchTimeoutSeconds is < 1 or > 300)
        {
            problems.Add($"fetchTimeoutSeconds must be within 1..300 (was {FetchTimeoutSeconds}).");
        }

        return problems;
    }
}
