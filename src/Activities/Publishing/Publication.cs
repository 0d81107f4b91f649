namespace ContentFlows.Activities.Publishing;

/// <summary>Where a version was published.</summary>
/// <param name="PublishedVersion">The "published" snapshot version.</param>
/// <param name="Slug">The page's slug.</param>
/// <param name="Location">The page's path relative to the site root.</param>
/// <param name="AlreadyPublished">True when a retry found an earlier publication and wrote nothing.</param>
public sealed record Publication(int PublishedVersion, string Slug, string Location, bool AlreadyPublished);
