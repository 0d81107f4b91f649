namespace ContentFlows.Activities.Publishing;

/// <summary>
/// The HTTP client of the remote publish channels: one connection pool, no automatic redirects (a redirected POST
/// would silently become a GET), and a per-call timeout. A call that gets no answer is a retryable
/// <see cref="PublishChannelException"/>; an answer, whatever its status, is returned for the channel to judge.
/// </summary>
/// <param name="timeProvider">The clock HTTP-date Retry-After values are read against.</param>
public sealed class ChannelHttpClient(TimeProvider timeProvider) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        // Each call gets its own timeout from the channel config.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

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
