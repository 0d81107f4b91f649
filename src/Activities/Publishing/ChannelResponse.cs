using System.Net;

namespace ContentFlows.Activities.Publishing;

/// <summary>What a channel answered: the status, the body (as text) and the delay it asked for before a retry.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The response body.</param>
/// <param name="RetryAfter">Retry-After as a delay, or null.</param>
internal sealed record ChannelResponse(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
{
    private const int ExcerptLength = 300;

    /// <summary>Gets a value indicating whether the status is 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>Throws unless the status is 2xx: 408, 429 and 5xx as retryable, anything else as a rejection.</summary>
    /// <param name="target">The channel and URL, e.g. "The webhook https://…", starting the message.</param>
    /// <param name="hint">What to check when the channel refuses, appended to a rejection's message; may be empty.</param>
    /// <exception cref="PublishChannelException">The status is not 2xx.</exception>
    public void ThrowUnlessSuccess(string target, string hint)
    {
        if (IsSuccess)
        {
            return;
        }

        var code = (int)Status;
        var said = string.IsNullOrWhiteSpace(Body) ? string.Empty : $": {Excerpt()}";
        if (code is 408 or 429 or >= 500)
        {
            throw new PublishChannelException($"{target} is unavailable (HTTP {code} {Status}){said}", PublishChannelErrorTypes.Unavailable, RetryAfter, innerException: null);
        }

        var why = code is >= 300 and < 400 ? "redirected the publication; configure the final URL" : "refused the publication";
        throw new PublishChannelException($"{target} {why} (HTTP {code} {Status}){said}{(hint.Length > 0 ? " " + hint : string.Empty)}", PublishChannelErrorTypes.Rejected, retryAfter: null, innerException: null);
    }

    private string Excerpt()
    {
        var flat = Body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength] + "…";
    }
}
