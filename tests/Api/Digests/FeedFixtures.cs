namespace ContentFlows.Api.Tests.Digests;

/// <summary>Fixture feeds: RSS 2.0 and Atom 1.0 sharing one item, each with a malformed item, and a feed that is not XML.</summary>
internal static class FeedFixtures
{
    public static string Rss(IEnumerable<(string Guid, string Title, string Link, string Summary)> extra) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0">
          <channel>
            <title>Home Network News</title>
            <link>https://news.example/</link>
            <description>Routers and more</description>
            <item>
              <title>Mesh wifi routers get faster roaming</title>
              <link>https://news.example/mesh-roaming</link>
              <guid>urn:news:mesh-roaming</guid>
              <description>&lt;p&gt;New firmware lets a mesh router hand phones over between nodes in 40 ms.&lt;/p&gt;</description>
              <pubDate>Mon, 05 Jan 2026 08:00:00 GMT</pubDate>
            </item>
            <item>
              <title>Wifi 7 router roundup</title>
              <link>https://news.example/wifi7-roundup</link>
              <guid>urn:news:wifi7-roundup</guid>
              <description>Six routers with wifi 7 compared for busy homes.</description>
              <pubDate>not a date at all</pubDate>
            </item>
            <item>
              <title>Garden tools for spring</title>
              <link>https://news.example/garden-tools</link>
              <guid>urn:news:garden</guid>
              <description>Rakes and hoes.</description>
            </item>
            <item>
              <title>An item without a link</title>
              <description>Nobody can read this one.</description>
            </item>
            <item>
              <title>Mesh wifi security update</title>
              <link>https://news.example/mesh-security</link>
              <guid>urn:news:mesh-security</guid>
              <description>Router vendors patch a mesh pairing flaw.</description>
            </item>
        {string.Concat(extra.Select(e => $"""
                <item>
                  <title>{e.Title}</title>
                  <link>{e.Link}</link>
                  <guid>{e.Guid}</guid>
                  <description>{e.Summary}</description>
                </item>
            """))}
          </channel>
        </rss>
        """;

    public const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Router Blog</title>
          <id>urn:blog:routers</id>
          <updated>2026-01-05T09:00:00Z</updated>
          <entry>
            <title>Mesh wifi routers get faster roaming</title>
            <id>urn:news:mesh-roaming</id>
            <link href="https://blog.example/mesh-roaming-copy"/>
            <updated>2026-01-05T09:00:00Z</updated>
            <summary>The same story, syndicated.</summary>
          </entry>
          <entry>
            <title>Choosing a router for a large flat</title>
            <id>urn:blog:large-flat</id>
            <link href="https://blog.example/large-flat"/>
            <updated>2026-01-04T09:00:00Z</updated>
            <summary>Mesh wifi or one strong router? A guide for families.</summary>
          </entry>
          <entry>
            <id>urn:blog:untitled</id>
            <link href="https://blog.example/untitled"/>
            <updated>2026-01-03T09:00:00Z</updated>
            <summary>An entry without a title.</summary>
          </entry>
        </feed>
        """;

    public const string Broken = "<rss version=\"2.0\"><channel><title>Broken</title><item><title>Cut off";
}
