using ContentFlows.Activities.Egress;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// The HTTP client of the remote publish channels: one connection pool, no automatic redirects (a redirected POST
/// would silently become a GET), and a per-call timeout. A call that gets no answer is a retryable
/// <see cref="PublishChannelException"/>; an answer, whatever its status, is returned for the channel to judge.
/// </summary>
/// Every connection goes through the worker's <see cref="EgressPolicy"/>; a refused destination fails for good.
/// <param name="timeProvider">The clock HTTP-date Retry-After values are read against.</param>
/// <param name="egress">The worker's egress policy.</param>
public sealed class ChannelHttpClient(TimeProvider timeProvider, EgressPolicy egress) : IDisposable
{
    // Each call gets its own timeout from the channel config; bodies are capped by the policy.
    private readonly HttpClient http = egress.CreateClient(maxRedirects: 0);

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    /// <summary>Refuses a destination a credential may not be sent to (a URL with credentials, plain http not allow-listed).</summary>
    /// <exception cref="PublishChannelException">The destination is refused (not retryable).</exception>
    internal void EnsureMayCarryCredentials(Uri destination, string target)
    {
        if (egress.RefusalOf(destination, carriesCredentials: true) is { } refusal)
        {
            throw new PublishChannelException($"{target} was refused: {refusal}.", PublishChannelErrorTypes.Rejected, retryAfter: null, innerException: null);
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole answer within <paramref name="timeout"/>.</summary>
    /// <param name="request">The request (disposed by the caller).</param>
    /// <param name="timeout">The most the call may take, answer included.</param>
    /// <param name="target">The channel and URL, starting error messages, e.g. "The webhook https://…".</param>
    /// <param name="cancellationToken">The activity's token.</param>
    /// <exception cref="PublishChannelException">No answer in time, or the connection failed (retryable).</exception>
    internal async Task<ChannelResponse> SendAsync(HttpRequestMessage request, TimeSpan timeout, string target, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return new ChannelResponse(response.StatusCode, body, RetryAfter(response));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The channel may have acted on the request; the retry repeats it under the same idempotency key.
            throw new PublishChannelException($"{target} did not answer within {timeout.TotalSeconds:0.#} s.", PublishChannelErrorTypes.NoAnswer, retryAfter: null, e);
        }
        catch (HttpRequestException e) when (EgressRefusedException.FindIn(e) is { } refused)
        {
            // No retry can change where a name points to the policy's satisfaction.
            throw new PublishChannelException($"{target} was refused by the worker's egress policy: {refused.Message}.", PublishChannelErrorTypes.Rejected, retryAfter: null, e);
        }
        catch (HttpRequestException e)
        {
            throw new PublishChannelException($"{target} could not be reached: {e.Message}", PublishChannelErrorTypes.NoAnswer, retryAfter: null, e);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => TimeSpan.FromTicks(Math.Max(0, (date - timeProvider.GetUtcNow()).Ticks)),
        _ => null,
    };
}
