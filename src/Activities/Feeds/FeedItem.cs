namespace ContentFlows.Activities.Feeds;

/// <summary>One item of an RSS or Atom feed, as a digest uses it.</summary>
/// <param name="Key">What identifies it across runs and feeds: its id (RSS guid, Atom id), else its link.</param>
/// <param name="Title">Its title.</param>
/// <param name="Link">Its link, the digest's source link.</param>
/// <param name="Summary">Its summary as plain text; may be empty.</param>
/// <param name="Published">When it was published, when the feed says.</param>
/// <param name="Feed">The feed's URL.</param>
public sealed record FeedItem(string Key, string Title, string Link, string Summary, DateTimeOffset? Published, string Feed);
