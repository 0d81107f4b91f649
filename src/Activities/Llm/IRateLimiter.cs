namespace ContentFlows.Activities.Llm;

/// <summary>
/// Admits LLM calls within a provider's requests-per-minute and tokens-per-minute limits. Small on purpose:
/// an in-process limiter serves one worker, and one shared through PostgreSQL can replace it for many.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Waits until one request costing about <paramref name="estimatedTokens"/> tokens is allowed, then takes it.</summary>
    /// <param name="key">The endpoint and model the call goes to.</param>
    /// <param name="estimatedTokens">The tokens the call is expected to use (prompt and completion).</param>
    /// <param name="cancellationToken">Stops waiting; nothing is taken then.</param>
    /// <returns>The lease; complete it with the tokens the call really used.</returns>
    ValueTask<IRateLimitLease> AcquireAsync(RateLimitKey key, int estimatedTokens, CancellationToken cancellationToken);
}
