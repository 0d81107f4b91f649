using System.Collections.Concurrent;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// An in-process <see cref="IRateLimiter"/>: two token buckets per endpoint and model, one for requests and one
/// for tokens, refilled continuously at the per-minute rates. Each call reserves its share at once and then
/// waits until the later of the two buckets covers it, so callers are admitted in arrival order and a large
/// call cannot be starved by small ones.
/// </summary>
public sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly Func<RateLimitKey, RateLimitOptions> limitsFor;
    private readonly TimeProvider timeProvider;
    private readonly ConcurrentDictionary<RateLimitKey, Bucket> buckets = new();

    /// <summary>Initializes a new instance of the <see cref="TokenBucketRateLimiter"/> class with one set of limits for every key.</summary>
    /// <param name="limits">The limits; validated here.</param>
    /// <param name="timeProvider">The clock; null for <see cref="TimeProvider.System"/>.</param>
    public TokenBucketRateLimiter(RateLimitOptions limits, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        limitsFor = _ => limits;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Initializes a new instance of the <see cref="TokenBucketRateLimiter"/> class with limits chosen per key.</summary>
    /// <param name="limitsFor">Returns the limits of a key; asked once per key, and the answer validated then.</param>
    /// <param name="timeProvider">The clock; null for <see cref="TimeProvider.System"/>.</param>
    public TokenBucketRateLimiter(Func<RateLimitKey, RateLimitOptions> limitsFor, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limitsFor);
        this.limitsFor = limitsFor;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<IRateLimitLease> AcquireAsync(RateLimitKey key, int estimatedTokens, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedTokens);
        cancellationToken.ThrowIfCancellationRequested();
        var bucket = buckets.GetOrAdd(key, static (k, limiter) => limiter.CreateBucket(k), this);
        var (wait, charged) = bucket.Reserve(estimatedTokens, timeProvider.GetTimestamp());
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A caller that gave up sends nothing, so its share goes back to those still coming.
                bucket.Return(requests: 1, charged, timeProvider.GetTimestamp());
                throw;
            }
        }

        return new Lease(this, bucket, charged);
    }

    private Bucket CreateBucket(RateLimitKey key)
    {
        var limits = limitsFor(key) ?? throw new InvalidOperationException($"No rate limits for {key}.");
        limits.Validate();
        return new Bucket(limits, timeProvider);
    }

    /// <summary>Both buckets of one key. Levels may go negative: that is the debt queued callers are waiting out.</summary>
    private sealed class Bucket
    {
        private readonly Lock gate = new();
        private readonly TimeProvider timeProvider;
        private readonly double requestCapacity;
        private readonly double tokenCapacity;
        private readonly double requestsPerSecond;
        private readonly double tokensPerSecond;
        private double requests;
        private double tokens;
        private long refilledAt;

        public Bucket(RateLimitOptions limits, TimeProvider timeProvider)
        {
            this.timeProvider = timeProvider;
            var burstShare = limits.BurstWindow / TimeSpan.FromMinutes(1);
            requestCapacity = Math.Max(1, limits.RequestsPerMinute * burstShare);
            tokenCapacity = Math.Max(1, limits.TokensPerMinute * burstShare);
            requestsPerSecond = limits.RequestsPerMinute / 60.0;
            tokensPerSecond = limits.TokensPerMinute / 60.0;
            requests = requestCapacity;
            tokens = tokenCapacity;
            refilledAt = timeProvider.GetTimestamp();
        }

        /// <summary>Takes one request and the tokens; returns how long to wait before sending, and the tokens charged.</summary>
        public (TimeSpan Wait, int Charged) Reserve(int estimatedTokens, long now)
        {
            // A call larger than the bucket could never be covered; charging the whole bucket lets it through alone.
            var charged = (int)Math.Min(estimatedTokens, tokenCapacity);
            lock (gate)
            {
                Refill(now);
                var waitSeconds = Math.Max(
                    SecondsUntil(requests, 1, requestsPerSecond),
                    SecondsUntil(tokens, charged, tokensPerSecond));

                // Charge at the moment the call is admitted: refill up to then is capped by the capacity, and the
                // levels stay expressed as of now so later callers queue behind this one.
                requests = ChargeAt(requests, 1, requestsPerSecond, requestCapacity, waitSeconds);
                tokens = ChargeAt(tokens, charged, tokensPerSecond, tokenCapacity, waitSeconds);
                return (TimeSpan.FromTicks((long)Math.Round(waitSeconds * TimeSpan.TicksPerSecond)), charged);
            }
        }

        /// <summary>Gives back capacity (a cancelled wait, or an estimate above the real usage) or takes more (below it).</summary>
        public void Return(int requests, double tokens, long now)
        {
            lock (gate)
            {
                Refill(now);
                this.requests = Math.Min(requestCapacity, this.requests + requests);
                this.tokens = Math.Min(tokenCapacity, this.tokens + tokens);
            }
        }

        private static double SecondsUntil(double level, double need, double perSecond) =>
            level >= need ? 0 : (need - level) / perSecond;

        private static double ChargeAt(double level, double cost, double perSecond, double capacity, double seconds) =>
            Math.Min(capacity, level + (perSecond * seconds)) - cost - (perSecond * seconds);

        private void Refill(long now)
        {
            var seconds = timeProvider.GetElapsedTime(refilledAt, now).TotalSeconds;
            if (seconds > 0)
            {
                requests = Math.Min(requestCapacity, requests + (seconds * requestsPerSecond));
                tokens = Math.Min(tokenCapacity, tokens + (seconds * tokensPerSecond));
                refilledAt = now;
            }
        }
    }

    private sealed class Lease(TokenBucketRateLimiter limiter, Bucket bucket, int charged) : IRateLimitLease
    {
        private int completed;

        public void Complete(int actualTokens)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(actualTokens);
            if (Interlocked.Exchange(ref completed, 1) == 0)
            {
                bucket.Return(requests: 0, charged - actualTokens, limiter.timeProvider.GetTimestamp());
            }
        }
    }
}
