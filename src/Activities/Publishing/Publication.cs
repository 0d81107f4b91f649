namespace ContentFlows.Activities.Publishing;

/// <summary>Where a version was published.</summary>
/// <param name="PublishedVersion">The "published" snapshot version.</param>
/// <param name="Slug">The page's slug.</param>
/// <param name="Location">Where it is: the page's path relative to the site root, the webhook's URL, or the WordPress post's link.</param>
/// <param name="AlreadyPublished">True when a retry found an earlier publication and sent or wrote nothing.</param>
public sealed record Publication(int PublishedVersion, string Slug, string Location, bool AlreadyPublished)
{
    /// <summary>Gets the channel type (see <see cref="PublishChannelTypes"/>).</summary>
    public string Channel { get; init; } = PublishChannelTypes.StaticFiles;

    /// <summary>Gets the channel's own id of the publication (the WordPress post id), or null.</summary>
    public string? RemoteId { get; init; }
}
