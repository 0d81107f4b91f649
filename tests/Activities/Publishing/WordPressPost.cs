namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>A post stored by <see cref="FakeWordPress"/>, as it was sent.</summary>
internal sealed record WordPressPost(long Id, string Title, string Content, string Slug, string Excerpt, string Status, string Author, string Link);
