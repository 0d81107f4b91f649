using System.Net;
using System.Text.RegularExpressions;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Research;

/// <summary>
/// Reads one research source as plain text. A source that cannot be read is not an exception but a warning: the
/// research stage goes on with what it has and records the degradation.
/// </summary>
public sealed partial class SourceReader : IDisposable
{
    private readonly ResearchOptions options;
    private readonly HttpClient http;

    public SourceReader(ResearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;

        // Per-request timeouts come from the stage config; connections are recycled so DNS changes are seen.
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
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

    public void Dispose() => http.Dispose();

    private static string HtmlToText(string html)
    {
        var withoutCode = ScriptOrStyle().Replace(html, " ");
        var withBreaks = BlockEnd().Replace(withoutCode, "\n");
        var text = WebUtility.HtmlDecode(Tag().Replace(withBreaks, " "));
        return string.Join("\n", text.Split('\n').Select(line => Spaces().Replace(line, " ").Trim()).Where(line => line.Length > 0));
    }

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
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"{url} is not an absolute http(s) URL");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
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
        catch (HttpRequestException e)
        {
            return (null, $"{url} is unreachable: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{url} did not answer within {timeout.TotalSeconds:0} s");
        }
    }

    [GeneratedRegex(@"<(head|script|style|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"</(p|div|li|h[1-6]|tr|section|article)\s*>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex Spaces();
}
