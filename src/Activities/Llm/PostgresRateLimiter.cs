using System.Collections.Concurrent;
using Npgsql;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// An <see cref="IRateLimiter"/> shared by every worker of a deployment: the same two token buckets per endpoint and
/// model as <see cref="TokenBucketRateLimiter"/>, kept in the <c>rate_limit_buckets</c> table. Each acquire is one
/// statement that locks the key's row, refills it by the database clock (one clock for all workers), reserves the call
/// and returns how long to wait before sending; the caller then sleeps exactly that long, so nobody polls.
/// </summary>
/// <remarks>
/// Every worker must be configured with the same limits. Refunds (a cancelled wait, an estimate above the real usage)
/// ride on the key's next acquire instead of costing a statement of their own; a worker stopping loses only those.
/// </remarks>
public sealed class PostgresRateLimiter : IRateLimiter
{
    // Refill and refunds first (capped at the capacity), then the reservation, levels kept as of the reservation's
    // time; clock_timestamp() is read after the row lock is held, and never moves a row's time backwards.
    private const string ReserveSql =
        """
        WITH refilled AS (
            SELECT b.key,
                   GREATEST(b.refilled_at, clock_timestamp()) AS at,
                   LEAST(@request_capacity, b.requests + @requests_per_second * GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - b.refilled_at)::double precision) + @refund_requests) AS requests,
                   LEAST(@token_capacity, b.tokens + @tokens_per_second * GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - b.refilled_at)::double precision) + @refund_tokens) AS tokens
            FROM rate_limit_buckets b
            WHERE b.key = @key
            FOR UPDATE OF b
        ), reserved AS (
            SELECT key, at, requests, tokens,
                   GREATEST(0, (1 - requests) / @requests_per_second, (@charged - tokens) / @tokens_per_second) AS wait
            FROM refilled
        )
        UPDATE rate_limit_buckets b
        SET requests = LEAST(@request_capacity, r.requests + @requests_per_second * r.wait) - 1 - @requests_per_second * r.wait,
            tokens = LEAST(@token_capacity, r.tokens + @tokens_per_second * r.wait) - @charged - @tokens_per_second * r.wait,
            refilled_at = r.at
        FROM reserved r
        WHERE b.key = r.key
        RETURNING r.wait
        """;

    private const string CreateBucketSql =
        """
        INSERT INTO rate_limit_buckets (key, requests, tokens, refilled_at)
        VALUES (@key, @request_capacity, @token_capacity, clock_timestamp())
        ON CONFLICT (key) DO NOTHING
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider timeProvider;
    private readonly double requestCapacity;
    private readonly double tokenCapacity;
    private readonly double requestsPerSecond;
    private readonly double tokensPerSecond;
    private readonly ConcurrentDictionary<RateLimitKey, Refunds> refunds = new();

    /// <summary>Initializes a new instance of the <see cref="PostgresRateLimiter"/> class with one set of limits for every key.</summary>
    /// <param name="dataSource">The app database, its search path on the schema holding <c>rate_limit_buckets</c>.</param>
    /// <param name="limits">The limits; validated here. Every worker sharing the table must use the same.</param>
    /// <param name="timeProvider">The clock the waits are slept on; null for <see cref="TimeProvider.System"/>.</param>
    public PostgresRateLimiter(NpgsqlDataSource dataSource, RateLimitOptions limits, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        this.dataSource = dataSource;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        var burstShare = limits.BurstWindow / TimeSpan.FromMinutes(1);
        requestCapacity = Math.Max(1, limits.RequestsPerMinute * burstShare);
        tokenCapacity = Math.Max(1, limits.TokensPerMinute * burstShare);
        requestsPerSecond = limits.RequestsPerMinute / 60.0;
        tokensPerSecond = limits.TokensPerMinute / 60.0;
    }

    /// <inheritdoc/>
    public async ValueTask<IRateLimitLease> AcquireAsync(RateLimitKey key, int estimatedTokens, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedTokens);
        cancellationToken.ThrowIfCancellationRequested();

        // A call larger than the bucket could never be covered; charging the whole bucket lets it through alone.
        var charged = Math.Min(estimatedTokens, tokenCapacity);
        var keyRefunds = refunds.GetOrAdd(key, static _ => new Refunds());
        var wait = await ReserveAsync(key, charged, keyRefunds, cancellationToken).ConfigureAwait(false);
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A caller that gave up sends nothing, so its share goes back to those still coming.
                keyRefunds.Add(requests: 1, charged);
                throw;
            }
        }

        return new Lease(keyRefunds, charged);
    }

    private async Task<TimeSpan> ReserveAsync(RateLimitKey key, double charged, Refunds keyRefunds, CancellationToken cancellationToken)
    {
        var (refundRequests, refundTokens) = keyRefunds.Take();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var seconds = await ReserveOnceAsync(connection, key, charged, refundRequests, refundTokens, cancellationToken).ConfigureAwait(false);
            if (seconds is null)
            {
                // First use of the key by any worker: create its full bucket (or find the one another worker just made).
                await using var create = new NpgsqlCommand(CreateBucketSql, connection);
                create.Parameters.Add(new NpgsqlParameter<string>("key", key.ToString()));
                create.Parameters.Add(new NpgsqlParameter<double>("request_capacity", requestCapacity));
                create.Parameters.Add(new NpgsqlParameter<double>("token_capacity", tokenCapacity));
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                seconds = await ReserveOnceAsync(connection, key, charged, refundRequests, refundTokens, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The rate limit bucket of {key} disappeared while it was being created.");
            }

            return TimeSpan.FromTicks((long)Math.Ceiling(seconds.Value * TimeSpan.TicksPerSecond));
        }
        catch
        {
            // Nothing was reserved: the refunds wait for the next acquire.
            keyRefunds.Add(refundRequests, refundTokens);
            throw;
        }
    }

    private async Task<double?> ReserveOnceAsync(NpgsqlConnection connection, RateLimitKey key, double charged, double refundRequests, double refundTokens, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReserveSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("key", key.ToString()));
        command.Parameters.Add(new NpgsqlParameter<double>("request_capacity", requestCapacity));
        command.Parameters.Add(new NpgsqlParameter<double>("token_capacity", tokenCapacity));
        command.Parameters.Add(new NpgsqlParameter<double>("requests_per_second", requestsPerSecond));
        command.Parameters.Add(new NpgsqlParameter<double>("tokens_per_second", tokensPerSecond));
        command.Parameters.Add(new NpgsqlParameter<double>("refund_requests", refundRequests));
        command.Parameters.Add(new NpgsqlParameter<double>("refund_tokens", refundTokens));
        command.Parameters.Add(new NpgsqlParameter<double>("charged", charged));
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is double seconds ? seconds : null;
    }

    /// <summary>Capacity to give back (or, when negative, to take) on the key's next acquire.</summary>
    private sealed class Refunds
    {
        private readonly Lock gate = new();
        private double requests;
        private double tokens;

        public void Add(double requests, double tokens)
        {
            lock (gate)
            {
                this.requests += requests;
                this.tokens += tokens;
            }
        }

        public (double Requests, double Tokens) Take()
        {
            lock (gate)
            {
                var taken = (requests, tokens);
                requests = 0;
                tokens = 0;
                return taken;
            }
        }
    }

    private sealed class Lease(Refunds refunds, double charged) : IRateLimitLease
    {
        private int completed;

        public void Complete(int actualTokens)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(actualTokens);
            if (Interlocked.Exchange(ref completed, 1) == 0)
            {
                refunds.Add(requests: 0, charged - actualTokens);
            }
        }
    }
}
