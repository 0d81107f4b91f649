using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Tests.Llm;

public sealed class TokenBucketRateLimiterTests
{
    private static readonly RateLimitKey Key = new("http://llm.example/v1", "gpt-test");
    private static readonly TimeSpan Done = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider clock = new();

    [Fact]
    public async Task AcquireAsync_WithinLimits_CompletesWithoutWaiting()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 60, tokensPerMinute: 10_000), clock);

        var lease = limiter.AcquireAsync(Key, 500, CancellationToken.None);

        Assert.True(lease.IsCompletedSuccessfully);
        Assert.Empty(clock.PendingDueTimes);
        await lease;
    }

    [Fact]
    public async Task AcquireAsync_ThousandRequestsAt600PerMinute_SpreadsTheRestAtTenPerSecond()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 600, tokensPerMinute: 10_000_000), clock);

        var leases = Enumerable.Range(0, 1000).Select(_ => limiter.AcquireAsync(Key, 100, CancellationToken.None).AsTask()).ToList();

        // A full minute's allowance goes at once; each later request waits 0.1 s behind the one before it.
        Assert.Equal(600, leases.Count(lease => lease.IsCompletedSuccessfully));
        Assert.Equal(Enumerable.Range(1, 400).Select(k => TimeSpan.FromMilliseconds(100 * k)), clock.PendingDueTimes);

        clock.Advance(TimeSpan.FromSeconds(10.05));
        await Task.WhenAll(leases.Take(700)).WaitAsync(Done);
        Assert.All(leases.Skip(700), lease => Assert.False(lease.IsCompleted));

        clock.Advance(TimeSpan.FromSeconds(29.95));
        await Task.WhenAll(leases).WaitAsync(Done);
        Assert.Equal(TimeSpan.FromSeconds(40), clock.Elapsed);
    }

    [Fact]
    public async Task AcquireAsync_TokensExhausted_WaitsUntilTokenBucketRefills()
    {
        // 6,000 tokens per minute refill at 100 per second.
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 1000, tokensPerMinute: 6000), clock);
        await limiter.AcquireAsync(Key, 6000, CancellationToken.None);

        var second = limiter.AcquireAsync(Key, 500, CancellationToken.None).AsTask();

        Assert.Equal([TimeSpan.FromSeconds(5)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(Done);
    }

    [Fact]
    public async Task AcquireAsync_BurstWindow_LimitsWhatGoesAtOnce()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 600, tokensPerMinute: 10_000_000) { BurstWindow = TimeSpan.FromSeconds(1) }, clock);

        var leases = Enumerable.Range(0, 20).Select(_ => limiter.AcquireAsync(Key, 1, CancellationToken.None).AsTask()).ToList();

        Assert.Equal(10, leases.Count(lease => lease.IsCompletedSuccessfully));
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(leases).WaitAsync(Done);
    }

    [Fact]
    public async Task Complete_ActualBelowEstimate_GivesTheDifferenceBack()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 1000, tokensPerMinute: 6000), clock);
        var first = await limiter.AcquireAsync(Key, 6000, CancellationToken.None);

        first.Complete(1000);
        var second = limiter.AcquireAsync(Key, 5000, CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        await second;
    }

    [Fact]
    public async Task Complete_ActualAboveEstimate_ChargesTheDifference()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 1000, tokensPerMinute: 6000), clock);
        var first = await limiter.AcquireAsync(Key, 1000, CancellationToken.None);

        first.Complete(3000);
        first.Complete(100);
        var second = limiter.AcquireAsync(Key, 4000, CancellationToken.None).AsTask();

        // 3,000 left; 1,000 more at 100 per second. The second Complete changed nothing.
        Assert.Equal([TimeSpan.FromSeconds(10)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromSeconds(10));
        await second.WaitAsync(Done);
    }

    [Fact]
    public async Task AcquireAsync_EstimateAboveCapacity_WaitsForAFullBucketOnly()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 1000, tokensPerMinute: 6000), clock);
        await limiter.AcquireAsync(Key, 1, CancellationToken.None);

        var huge = limiter.AcquireAsync(Key, 50_000, CancellationToken.None).AsTask();

        Assert.Equal([TimeSpan.FromSeconds(0.01)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromSeconds(0.01));
        await huge.WaitAsync(Done);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndGivesItsShareBack()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions(requestsPerMinute: 1, tokensPerMinute: 6000), clock);
        await limiter.AcquireAsync(Key, 1, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var waiting = limiter.AcquireAsync(Key, 1, cancellation.Token);
            Assert.Equal([TimeSpan.FromMinutes(1)], clock.PendingDueTimes);
            await cancellation.CancelAsync();
            await waiting;
        });
        var next = limiter.AcquireAsync(Key, 1, CancellationToken.None).AsTask();

        // The cancelled caller's reservation is returned, so the next one waits one minute, not two.
        Assert.Equal([TimeSpan.FromMinutes(1)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromMinutes(1));
        await next.WaitAsync(Done);
    }

    [Fact]
    public async Task AcquireAsync_DifferentModels_HaveSeparateBuckets()
    {
        var limiter = new TokenBucketRateLimiter(
            key => key.Model == "small" ? new RateLimitOptions(1, 1000) : new RateLimitOptions(100, 1000),
            clock);
        await limiter.AcquireAsync(Key with { Model = "small" }, 1, CancellationToken.None);

        var otherModel = limiter.AcquireAsync(Key with { Model = "large" }, 1, CancellationToken.None);
        var sameModel = limiter.AcquireAsync(Key with { Model = "small" }, 1, CancellationToken.None);

        Assert.True(otherModel.IsCompletedSuccessfully);
        Assert.False(sameModel.IsCompleted);
        await otherModel;
        clock.Advance(TimeSpan.FromMinutes(1));
        await sameModel.AsTask().WaitAsync(Done);
    }

    [Theory]
    [InlineData(0, 100, "RateLimitOptions.RequestsPerMinute", "was 0")]
    [InlineData(10, -5, "RateLimitOptions.TokensPerMinute", "was -5")]
    public void Constructor_InvalidLimits_ThrowsNamingPropertyAndValue(int requests, int tokens, string property, string value)
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketRateLimiter(new RateLimitOptions(requests, tokens), clock));

        Assert.Contains(property, failure.Message, StringComparison.Ordinal);
        Assert.Contains(value, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BurstWindowAboveOneMinute_ThrowsNamingPropertyAndValue()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucketRateLimiter(new RateLimitOptions { BurstWindow = TimeSpan.FromMinutes(2) }, clock));

        Assert.Contains("RateLimitOptions.BurstWindow", failure.Message, StringComparison.Ordinal);
        Assert.Contains("00:02:00", failure.Message, StringComparison.Ordinal);
    }
}
