using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContentFlows.Activities.Egress;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Research;

/// <summary>
/// Reads one research source as plain text. A source that cannot be read (or that the worker's egress policy refuses)
/// is not an exception but a warning: the research stage goes on with what it has and records the degradation.
/// </summary>
public sealed class SourceReader : IDisposable
{
    /// <summary>How many redirects a URL source may take; each hop is checked by the egress policy again.</summary>
    public const int MaxRedirects = 5;

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "br", "title",
    };

    private static readonly HashSet<string> IgnoredElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "script", "style", "noscript", "template",
    };

    private readonly ResearchOptions options;
    private readonly EgressPolicy egress;
    private readonly HttpClient http;

    /// <summary>Initializes a new instance of the <see cref="SourceReader"/> class.</summary>
    public SourceReader(ResearchOptions options, EgressPolicy egress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(egress);
        options.Validate();
        this.options = options;
        this.egress = egress;
        http = egress.CreateClient(MaxRedirects);
    }

    /// <summary>Reads a source; returns its text, or null and why not.</summary>
    public async Task<(string? Text, string? Warning)> ReadAsync(BriefSource source, TimeSpan fetchTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            BriefSourceKind.Text => string.IsNullOrWhiteSpace(source.Value) ? (null, "the inline text is empty") : (source.Value.Trim(), null),
            BriefSourceKind.File => await ReadFileAsync(source.Value, cancellationToken).ConfigureAwait(false),
            _ => await FetchAsync(source.Value, fetchTimeout, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    /// <summary>
    /// The most HTML handed to the parser. A hostile page of nested inline tags (<c>&lt;p&gt;&lt;b&gt;</c> × N) becomes millions of
    /// elements at the 5 MiB body cap; an article's text sits well within the first megabyte of its page.
    /// </summary>
    internal const int MaxParsedHtmlChars = 1024 * 1024;

    /// <summary>The readable text of an HTML page (its first <see cref="MaxParsedHtmlChars"/> characters), one block per line.</summary>
    internal static string HtmlToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = new HtmlParser().ParseDocument(html.Length > MaxParsedHtmlChars ? html[..MaxParsedHtmlChars] : html);
        var text = new StringBuilder();
        if (document.Body is { } body)
        {
            AppendText(body, text);
        }

        return string.Join("\n", text.ToString().Split('\n').Select(CollapseSpaces).Where(line => line.Length > 0));
    }

    // Iterative, not recursive: a page nested a million elements deep must not overflow the worker's stack.
    private static void AppendText(INode root, StringBuilder text)
    {
        // A null node marks the end of a block element, whose line break follows its children.
        var pending = new Stack<INode?>();
        for (var i = root.ChildNodes.Length - 1; i >= 0; i--)
        {
            pending.Push(root.ChildNodes[i]);
        }

        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case null:
                    text.Append('\n');
                    break;
                case IText leaf:
                    text.Append(leaf.Data).Append(' ');
                    break;
                case IElement element when IgnoredElements.Contains(element.LocalName):
                    break;
                case IElement element:
                    if (BlockElements.Contains(element.LocalName))
                    {
                        pending.Push(null);
                    }

                    for (var i = element.ChildNodes.Length - 1; i >= 0; i--)
                    {
                        pending.Push(element.ChildNodes[i]);
                    }

                    break;
            }
        }
    }

    private static string CollapseSpaces(string line) => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<(string? Text, string? Warning)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (options.SourceFileRoot is not { } root)
        {
            return (null, "file sources are disabled on this worker (no source folder configured)");
        }

        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return (null, $"the file {path} is outside the worker's source folder");
        }

        try
        {
            if (new FileInfo(full).Length > egress.Options.MaxResponseBytes)
            {
                return (null, $"the file {path} is larger than {egress.Options.MaxResponseBytes} bytes");
            }

            var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(text) ? (null, $"the file {path} is empty") : (text.Trim(), null);
        }
        catch (IOException e)
        {
            return (null, $"the file {path} could not be read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return (null, $"the file {path} could not be read: {e.Message}");
        }
    }

    private async Task<(string? Text, string? Warning)> FetchAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return (null, $"{url} is not an absolute http(s) URL");
        }

        if (egress.RefusalOf(uri, carriesCredentials: false) is { } refusal)
        {
            return (null, $"{url} was refused: {refusal}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // Buffered within the client's MaxResponseContentBufferSize: a larger body fails instead of filling memory.
            using var response = await http.GetAsync(uri, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{url} answered HTTP {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            var isHtml = response.Content.Headers.ContentType?.MediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true;
            var text = isHtml ? HtmlToText(body) : body.Trim();
            return string.IsNullOrWhiteSpace(text) ? (null, $"{url} has no text") : (text, null);
        }
        catch (HttpRequestException e) when (EgressRefusedException.FindIn(e) is { } refused)
        {
            return (null, $"{url} was refused by the worker's egress policy: {refused.Message}");
        }
        catch (HttpRequestException e)
        {
            return (null, $"{url} is unreachable: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{url} did not answer within {timeout.TotalSeconds:0} s");
        }
    }
}
