using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using ContentFlows.Activities.Egress;
using ContentFlows.Activities.Research;

namespace ContentFlows.Activities.Feeds;

/// <summary>
/// Reads RSS 2.0 and Atom 1.0 feeds over HTTP through the worker's egress policy with
/// <c>System.ServiceModel.Syndication</c>. Nothing here throws for a bad feed: an unreachable or malformed feed, and
/// an item without a title or link, become warnings, and the digest goes on with what could be read.
/// </summary>
public sealed class FeedReader : IDisposable
{
    /// <summary>How many redirects a feed URL may take; each hop is checked by the egress policy again.</summary>
    public const int MaxRedirects = 5;

    private readonly EgressPolicy egress;
    private readonly HttpClient http;

    /// <summary>Initializes a new instance of the <see cref="FeedReader"/> class.</summary>
    public FeedReader(EgressPolicy egress)
    {
        ArgumentNullException.ThrowIfNull(egress);
        this.egress = egress;
        http = egress.CreateClient(MaxRedirects);
    }

    /// <summary>Reads one feed; at most <paramref name="maxItems"/> items.</summary>
    public async Task<FeedRead> ReadAsync(string url, int maxItems, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Failed($"The feed {url} is not an absolute http(s) URL.");
        }

        if (egress.RefusalOf(uri, carriesCredentials: false) is { } refusal)
        {
            return Failed($"The feed {url} was refused: {refusal}.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string body;
        try
        {
            // Buffered within the client's MaxResponseContentBufferSize: a larger body fails instead of filling memory.
            using var response = await http.GetAsync(uri, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed($"The feed {url} answered HTTP {(int)response.StatusCode}.");
            }

            body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (EgressRefusedException.FindIn(e) is { } refused)
        {
            return Failed($"The feed {url} was refused by the worker's egress policy: {refused.Message}");
        }
        catch (HttpRequestException e)
        {
            return Failed($"The feed {url} is unreachable: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"The feed {url} did not answer within {timeout.TotalSeconds:0} s.");
        }

        return Parse(url, body, maxItems);
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    /// <summary>Parses a feed document (RSS 2.0 or Atom 1.0).</summary>
    internal static FeedRead Parse(string url, string xml, int maxItems)
    {
        SyndicationFeed feed;
        try
        {
            // No DTDs: a feed is data, and entity expansion is a denial-of-service vector.
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            SyndicationFeedFormatter formatter = new Rss20FeedFormatter { DateTimeParser = LenientDate };
            if (!formatter.CanRead(reader))
            {
                formatter = new Atom10FeedFormatter { DateTimeParser = LenientDate };
                if (!formatter.CanRead(reader))
                {
                    return Failed($"The feed {url} is neither RSS 2.0 nor Atom 1.0.");
                }
            }

            formatter.ReadFrom(reader);
            feed = formatter.Feed;
        }
        catch (XmlException e)
        {
            return Failed($"The feed {url} is malformed: {e.Message}");
        }

        var items = new List<FeedItem>();
        var warnings = new List<string>();
        var position = 0;
        foreach (var entry in feed.Items)
        {
            position++;
            if (items.Count == maxItems)
            {
                break;
            }

            var title = entry.Title?.Text?.Trim();
            var link = entry.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri ?? entry.Links.FirstOrDefault()?.Uri;
            if (link is not null && !link.IsAbsoluteUri && feed.BaseUri is { } baseUri)
            {
                link = new Uri(baseUri, link);
            }

            if (string.IsNullOrEmpty(title) || link is null || !link.IsAbsoluteUri)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Item {position} of the feed {url} was left out: it has no {(string.IsNullOrEmpty(title) ? "title" : "absolute link")}."));
                continue;
            }

            var summary = entry.Summary?.Text ?? (entry.Content as TextSyndicationContent)?.Text ?? string.Empty;
            var key = string.IsNullOrWhiteSpace(entry.Id) ? link.AbsoluteUri : entry.Id.Trim();
            var published = entry.PublishDate != default ? entry.PublishDate : entry.LastUpdatedTime != default ? entry.LastUpdatedTime : (DateTimeOffset?)null;
            items.Add(new FeedItem(key, title, link.AbsoluteUri, PlainText(summary), published, url));
        }

        return new FeedRead(items, warnings);
    }

    private static FeedRead Failed(string warning) => new([], [warning]);

    private static string PlainText(string summary)
    {
        var text = summary.Contains('<', StringComparison.Ordinal) ? SourceReader.HtmlToText($"<body>{summary}</body>") : summary;
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= 1_000 ? collapsed : collapsed[..1_000];
    }

    // Feeds in the wild carry dates in every format; an unreadable date must not cost the whole feed.
    private static bool LenientDate(XmlDateTimeData data, out DateTimeOffset parsed)
    {
        if (!DateTimeOffset.TryParse(data.DateTimeString, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
        {
            parsed = default;
        }

        return true;
    }
}
