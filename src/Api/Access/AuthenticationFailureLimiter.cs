using System.Net;
using System.Threading.RateLimiting;
using ContentFlows.Api.Infrastructure;

namespace ContentFlows.Api.Access;

/// <summary>
/// Failed authentications per client address, in a token bucket checked before a presented key is looked up:
/// an address that keeps guessing is answered 429 without costing a database query, and the other addresses
/// (and the per-key budgets) are untouched.
/// </summary>
internal sealed class AuthenticationFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> limiter;
    private readonly TimeSpan tokenPeriod;

    public AuthenticationFailureLimiter(ApiRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        tokenPeriod = TimeSpan.FromMinutes(1) / options.FailedAuthenticationsPerMinute;
        limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FailedAuthenticationBurst,

            // One token back every 60/n seconds, so the budget refills smoothly rather than all at once a minute later.
            TokensPerPeriod = 1,
            ReplenishmentPeriod = tokenPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Null when the address may present a key; otherwise how long it must wait.</summary>
    public TimeSpan? RetryAfter(IPAddress address) =>

        // Whole tokens: the bucket refills by fractions, and a zero-permit acquire succeeds on any fraction.
        limiter.GetStatistics(address) is { CurrentAvailablePermits: < 1 } ? tokenPeriod : null;

    /// <summary>Spends one of the address's tokens on a failed authentication.</summary>
    public void RecordFailure(IPAddress address)
    {
        using var lease = limiter.AttemptAcquire(address, 1);
    }

    public void Dispose() => limiter.Dispose();
}
