using ContentFlows.Activities.Feeds;

namespace ContentFlows.Activities.Tests.Feeds;

/// <summary>Parsing of RSS 2.0 and Atom documents as the feeds stage sees them, without a network.</summary>
public sealed class FeedReaderTests
{
    private const string Url = "https://news.example/feed.xml";

    [Fact]
    public void Parse_Rss20WithItemsLackingTitleOrLink_KeepsTheGoodOnesAndWarnsOfTheRest()
    {
        const string rss = """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>News</title><link>https://news.example/</link><description>d</description>
              <item><title>First</title><link>https://news.example/a</link><guid>urn:a</guid><description>&lt;p&gt;Some &lt;b&gt;bold&lt;/b&gt;   news&lt;/p&gt;</description><pubDate>Mon, 07 Dec 2026 09:00:00 GMT</pubDate></item>
              <item><link>https://news.example/untitled</link></item>
              <item><title>No link</title></item>
              <item><title>Second</title><link>https://news.example/b</link><pubDate>not a date</pubDate></item>
            </channel></rss>
            """;

        var read = FeedReader.Parse(Url, rss, maxItems: 10);

        Assert.Equal(["First", "Second"], read.Items.Select(i => i.Title));
        Assert.Equal(["urn:a", "https://news.example/b"], read.Items.Select(i => i.Key));
        Assert.Equal("Some bold news", read.Items[0].Summary);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero), read.Items[0].Published);
        Assert.Null(read.Items[1].Published);
        Assert.Equal(2, read.Warnings.Count);
        Assert.Contains("Item 2 of the feed https://news.example/feed.xml was left out: it has no title.", read.Warnings);
        Assert.Contains("Item 3 of the feed https://news.example/feed.xml was left out: it has no absolute link.", read.Warnings);
    }

    [Fact]
    public void Parse_Atom10_ReadsEntriesByIdWithTheirAlternateLinks()
    {
        const string atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:feed</id><updated>2026-12-01T10:00:00Z</updated>
              <entry><title>Entry one</title><id>urn:entry:1</id><updated>2026-12-01T10:00:00Z</updated>
                <link rel="self" href="https://news.example/self/1"/><link rel="alternate" href="https://news.example/1"/><summary>One.</summary></entry>
            </feed>
            """;

        var read = FeedReader.Parse(Url, atom, maxItems: 10);

        var item = Assert.Single(read.Items);
        Assert.Equal(("urn:entry:1", "https://news.example/1", "One.", Url), (item.Key, item.Link, item.Summary, item.Feed));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void Parse_MoreItemsThanAllowed_StopsAtTheCap()
    {
        var items = string.Concat(Enumerable.Range(1, 5).Select(i => $"<item><title>T{i}</title><link>https://news.example/{i}</link></item>"));

        var read = FeedReader.Parse(Url, $"<rss version=\"2.0\"><channel><title>n</title><link>https://news.example/</link><description>d</description>{items}</channel></rss>", maxItems: 3);

        Assert.Equal(["T1", "T2", "T3"], read.Items.Select(i => i.Title));
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>cut", "is malformed")]
    [InlineData("<html><body>Not a feed</body></html>", "is neither RSS 2.0 nor Atom 1.0")]
    [InlineData("<!DOCTYPE rss [<!ENTITY boom \"boom\">]><rss version=\"2.0\"><channel><title>&boom;</title></channel></rss>", "is malformed")]
    public void Parse_NotAReadableFeed_NoItemsAndOneWarningNamingTheFeed(string xml, string expected)
    {
        var read = FeedReader.Parse(Url, xml, maxItems: 10);

        Assert.Empty(read.Items);
        var warning = Assert.Single(read.Warnings);
        Assert.StartsWith($"The feed {Url} {expected}", warning, StringComparison.Ordinal);
    }
}
