using System.Diagnostics;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ContentFlows.Activities.Tests.Llm;

/// <summary>Two limiters on two data sources stand for two workers of one deployment sharing a schema.</summary>
public sealed class PostgresRateLimiterTests : IAsyncLifetime
{
    private static readonly RateLimitKey Key = new("http://llm.example/v1", "gpt-test");
    private readonly PostgresFixture postgres = new();
    private readonly string schema = PostgresFixture.NewSchemaName();
    private readonly List<NpgsqlDataSource> dataSources = [];

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        await new DatabaseMigrator(NewDataSource(), new ContentFlowsDatabaseOptions(postgres.ConnectionString, schema), TimeProvider.System, NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await postgres.DropSchemaAsync(schema);
        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task AcquireAsync_TwoWorkersAt600PerMinute_NeverMoreThanTheBucketAllowsAndBothProgress()
    {
        // 10 requests per second with a one-second burst: at most 10 + 10·w requests in any window of w seconds.
        var limits = new RateLimitOptions(requestsPerMinute: 600, tokensPerMinute: 10_000_000) { BurstWindow = TimeSpan.FromSeconds(1) };
        var workers = new[] { new PostgresRateLimiter(NewDataSource(), limits), new PostgresRateLimiter(NewDataSource(), limits) };
        var clock = Stopwatch.StartNew();
        var runFor = TimeSpan.FromSeconds(3);
        var admitted = new List<(int Worker, TimeSpan At)>();

        // Six callers per worker, each acquiring again as soon as it was admitted, for three seconds.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(caller => Task.Run(async () =>
        {
            var worker = caller % 2;
            while (clock.Elapsed < runFor)
            {
                var lease = await workers[worker].AcquireAsync(Key, 100, CancellationToken.None);
                var at = clock.Elapsed;
                lease.Complete(100);
                lock (admitted)
                {
                    admitted.Add((worker, at));
                }
            }
        })));

        var elapsed = clock.Elapsed.TotalSeconds;
        var times = admitted.Select(a => a.At.TotalSeconds).Order().ToList();

        // Two in-process limiters would admit 20 at once and 40 in the first second; the shared one 10 and 20.
        Assert.True(times.Count <= 10 + (10 * elapsed) + 1, $"{times.Count} requests in {elapsed:0.00} s");
        var busiestSecond = times.Max(start => times.Count(t => t >= start && t < start + 1));
        Assert.True(busiestSecond <= 20 + 1, $"{busiestSecond} requests within one second");
        Assert.True(times.Count(t => t < 0.5) <= 10 + 5 + 1, $"{times.Count(t => t < 0.5)} requests in the first half second");

        // And the limit is used, by both workers.
        Assert.True(times.Count >= 30, $"only {times.Count} requests in {elapsed:0.00} s");
        Assert.All(new[] { 0, 1 }, worker => Assert.True(admitted.Count(a => a.Worker == worker) >= times.Count / 4, $"worker {worker} got {admitted.Count(a => a.Worker == worker)} of {times.Count}"));
    }

    [Fact]
    public async Task AcquireAsync_TokensPerMinuteAcrossWorkers_WaitsComputedFromTheSharedBucket()
    {
        // 1,000 tokens per second, 1,000 at once: two 500-token calls go at once, then one every half second.
        var limits = new RateLimitOptions(requestsPerMinute: 100_000, tokensPerMinute: 60_000) { BurstWindow = TimeSpan.FromSeconds(1) };
        var dataSources = new[] { NewDataSource(), NewDataSource() };
        var workers = dataSources.Select(d => new PostgresRateLimiter(d, limits)).ToArray();

        // Pooled connections opened before the clock starts: the test times the limiter, not a cold connection setup
        // (which took half a second with test assemblies starting side by side).
        foreach (var dataSource in dataSources)
        {
            await using var warm = await dataSource.OpenConnectionAsync();
        }

        var clock = Stopwatch.StartNew();

        var admittedAt = await Task.WhenAll(Enumerable.Range(0, 6).Select(call => Task.Run(async () =>
        {
            await workers[call % 2].AcquireAsync(Key, 500, CancellationToken.None);
            return clock.Elapsed.TotalSeconds;
        })));

        var sorted = admittedAt.Order().ToArray();
        Assert.True(sorted[1] < 0.4, $"the first two waited: {string.Join(", ", sorted)}");
        Assert.True(sorted[2] >= 0.45 && sorted[5] >= 1.95, $"admitted too early: {string.Join(", ", sorted)}");
        Assert.True(sorted[5] < 3.5, $"admitted too late: {string.Join(", ", sorted)}");
    }

    [Fact]
    public async Task Complete_BelowTheEstimate_RefundReachesTheNextCaller()
    {
        var limits = new RateLimitOptions(requestsPerMinute: 100_000, tokensPerMinute: 60_000) { BurstWindow = TimeSpan.FromSeconds(1) };
        var limiter = new PostgresRateLimiter(NewDataSource(), limits);

        var lease = await limiter.AcquireAsync(Key, 1_000, CancellationToken.None);
        lease.Complete(100);
        var clock = Stopwatch.StartNew();
        await limiter.AcquireAsync(Key, 800, CancellationToken.None);

        // Without the refund the bucket would hold about nothing and the call would wait 0.8 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.4), $"waited {clock.Elapsed}");
        var tokens = await postgres.ScalarAsync<double>($"SELECT tokens FROM \"{schema}\".rate_limit_buckets WHERE key = '{Key}'");
        Assert.InRange(tokens, -10, 500);
    }

    [Fact]
    public async Task AcquireAsync_WaitCancelled_ThrowsAndGivesTheShareBack()
    {
        var limits = new RateLimitOptions(requestsPerMinute: 60, tokensPerMinute: 1_000_000) { BurstWindow = TimeSpan.FromSeconds(1) };
        var limiter = new PostgresRateLimiter(NewDataSource(), limits);
        await limiter.AcquireAsync(Key, 1, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.AcquireAsync(Key, 1, cancel.Token));

        // The bucket (1 request, refilled one per second) was in debt by one; the refund comes with the next acquire.
        var clock = Stopwatch.StartNew();
        await limiter.AcquireAsync(Key, 1, CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.95), $"waited {clock.Elapsed}: the cancelled caller's share was kept");
    }

    [Fact]
    public void Validate_BadRateLimitSettings_NamesThePropertyAndTheValue()
    {
        var zeroRequests = new ContentPipelineWorkerOptions("127.0.0.1:7233", postgres.ConnectionString)
        {
            RateLimiter = RateLimiterStore.Postgres,
            RateLimits = new RateLimitOptions(requestsPerMinute: 0, tokensPerMinute: 1_000),
        };
        var unknownStore = new ContentPipelineWorkerOptions("127.0.0.1:7233", postgres.ConnectionString) { RateLimiter = (RateLimiterStore)7 };

        var zero = Assert.Throws<ArgumentException>(zeroRequests.Validate);
        var unknown = Assert.Throws<ArgumentException>(unknownStore.Validate);

        Assert.Contains("RateLimits", zero.Message, StringComparison.Ordinal);
        Assert.Contains("RequestsPerMinute must be positive; was 0", zero.Message, StringComparison.Ordinal);
        Assert.Contains("RateLimiter must be InProcess or Postgres (was 7)", unknown.Message, StringComparison.Ordinal);
    }

    private NpgsqlDataSource NewDataSource()
    {
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { SearchPath = schema }.ConnectionString);
        dataSources.Add(dataSource);
        return dataSource;
    }
}
