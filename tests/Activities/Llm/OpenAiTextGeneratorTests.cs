using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Tests.Llm;

public sealed class OpenAiTextGeneratorTests : IAsyncLifetime
{
    private FakeOpenAiServer server = null!;

    public async Task InitializeAsync() => server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task GenerateAsync_CompletionWithUsage_ReturnsTextAndReportedTokens()
    {
        server.Enqueue(FakeReply.Completion("A crisp headline.", promptTokens: 42, completionTokens: 7, model: "gpt-test-2026-01-01"));
        var generator = CreateGenerator();

        var result = await generator.GenerateAsync(
            new GenerationRequest([new("system", "You write headlines."), new("user", "Headline for a kettle.")], "gpt-test", Temperature: 0.5),
            CancellationToken.None);

        Assert.Equal(new GenerationResult("A crisp headline.", 42, 7, "gpt-test-2026-01-01"), result);
        var request = Assert.Single(server.Requests);
        Assert.Equal("gpt-test", request.Model);
        Assert.Equal([("system", "You write headlines."), ("user", "Headline for a kettle.")], request.Messages);
        Assert.Null(request.ResponseFormatType);
        Assert.Equal(0.5, request.Temperature!.Value, precision: 3);
        Assert.Equal("Bearer test-key", request.Authorization);
    }

    [Fact]
    public async Task GenerateAsync_JsonMode_SendsJsonObjectResponseFormat()
    {
        server.Enqueue(FakeReply.Completion("{\"ok\":true}", 10, 3));
        var generator = CreateGenerator();

        await generator.GenerateAsync(new GenerationRequest([new("user", "Answer in JSON.")], "gpt-test", JsonMode: true), CancellationToken.None);

        Assert.Equal("json_object", Assert.Single(server.Requests).ResponseFormatType);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithRetryAfter_ThrowsRetryableWithDelayAndRetrySucceeds()
    {
        server.Enqueue(FakeReply.Error(429, "Rate limit reached for requests.", ("Retry-After", "2")), FakeReply.Completion("Done.", 11, 2));
        var generator = CreateGenerator();
        var request = new GenerationRequest([new("user", "Write.")], "gpt-test");

        var failure = await Assert.ThrowsAsync<LlmTransientException>(() => generator.GenerateAsync(request, CancellationToken.None));
        var retried = await generator.GenerateAsync(request, CancellationToken.None);

        Assert.Equal(LlmErrorTypes.RateLimited, failure.ErrorType);
        Assert.Equal(429, failure.StatusCode);
        Assert.True(failure.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
        Assert.Contains("Rate limit reached for requests.", failure.Message, StringComparison.Ordinal);
        var temporalFailure = failure.ToApplicationFailure();
        Assert.Equal(TimeSpan.FromSeconds(2), temporalFailure.NextRetryDelay);
        Assert.False(temporalFailure.NonRetryable);
        Assert.Equal(LlmErrorTypes.RateLimited, temporalFailure.ErrorType);
        Assert.Equal(new GenerationResult("Done.", 11, 2, "fake-model-2026-01-01"), retried);

        // Two calls, two requests: the package did not retry on its own.
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1500)]
    [InlineData("Retry-After", "0", 0)]
    [InlineData("Retry-After", "7", 7000)]
    public async Task GenerateAsync_RetryAfterHeaderForms_AreReadAsDelay(string header, string value, int expectedMs)
    {
        server.Enqueue(FakeReply.Error(429, "Slow down.", (header, value)));
        var generator = CreateGenerator();

        var failure = await Assert.ThrowsAsync<LlmTransientException>(() => generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), CancellationToken.None));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), failure.RetryAfter);
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterHttpDate_IsReadRelativeToClock()
    {
        var clock = new ManualTimeProvider();
        server.Enqueue(FakeReply.Error(503, "Overloaded.", ("Retry-After", clock.GetUtcNow().AddSeconds(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture))));
        var generator = CreateGenerator(options => options.TimeProvider = clock);

        var failure = await Assert.ThrowsAsync<LlmTransientException>(() => generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
    }

    [Fact]
    public async Task GenerateAsync_ServerError_ThrowsRetryableWithoutRetryingItself()
    {
        server.Enqueue(FakeReply.Error(500, "The server had an error while processing your request."), FakeReply.Completion("never fetched", 1, 1));
        var generator = CreateGenerator();

        var failure = await Assert.ThrowsAsync<LlmTransientException>(() => generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), CancellationToken.None));

        Assert.Equal(LlmErrorTypes.ServerError, failure.ErrorType);
        Assert.Equal(500, failure.StatusCode);
        Assert.Null(failure.RetryAfter);
        Assert.False(failure.ToApplicationFailure().NonRetryable);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_ResponseSlowerThanTimeout_ThrowsRetryableTimeout()
    {
        server.Enqueue(FakeReply.NoAnswer());
        var generator = CreateGenerator(options => options.NetworkTimeout = TimeSpan.FromMilliseconds(300));

        var failure = await Assert.ThrowsAsync<LlmTransientException>(() => generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), CancellationToken.None));

        Assert.Equal(LlmErrorTypes.Timeout, failure.ErrorType);
        Assert.Null(failure.StatusCode);
        Assert.True(failure.IsRetryable);
        Assert.False(failure.ToApplicationFailure().NonRetryable);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(400, "Invalid value for 'temperature'.")]
    [InlineData(401, "Incorrect API key provided: test-key.")]
    [InlineData(404, "The model 'gpt-none' does not exist.")]
    public async Task GenerateAsync_ClientError_ThrowsNonRetryableWithProviderMessage(int status, string message)
    {
        server.Enqueue(FakeReply.Error(status, message));
        var generator = CreateGenerator();

        var failure = await Assert.ThrowsAsync<LlmRequestRejectedException>(() => generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), CancellationToken.None));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(message, failure.ProviderMessage);
        Assert.False(failure.IsRetryable);
        var temporalFailure = failure.ToApplicationFailure();
        Assert.True(temporalFailure.NonRetryable);
        Assert.Equal(LlmErrorTypes.RequestRejected, temporalFailure.ErrorType);
        Assert.Contains(message, temporalFailure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_UnreachableEndpoint_ThrowsRetryableNetworkError()
    {
        var endpoint = server.Endpoint;
        await server.DisposeAsync();
        server = await FakeOpenAiServer.StartAsync();
        var generator = new OpenAiTextGenerator(new OpenAiTextGeneratorOptions(endpoint, "test-key"), new TokenBucketRateLimiter(new RateLimitOptions()));

        var failure = await Assert.ThrowsAsync<LlmTransientException>(() => generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), CancellationToken.None));

        Assert.Equal(LlmErrorTypes.NetworkError, failure.ErrorType);
    }

    [Fact]
    public async Task GenerateAsync_CallerCancels_ThrowsOperationCanceled()
    {
        server.Enqueue(FakeReply.NoAnswer());
        var generator = CreateGenerator();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var call = generator.GenerateAsync(new([new("user", "Write.")], "gpt-test"), cancellation.Token);
            await cancellation.CancelAsync();
            await call;
        });
    }

    [Fact]
    public async Task GenerateAsync_Completed_ChargesEstimateThenCorrectsToReportedUsage()
    {
        server.Enqueue(FakeReply.Completion("Short.", promptTokens: 30, completionTokens: 5));
        var limiter = new RecordingRateLimiter();
        var generator = new OpenAiTextGenerator(new OpenAiTextGeneratorOptions(server.Endpoint, "test-key") { MaxOutputTokens = 200 }, limiter);

        await generator.GenerateAsync(new([new("user", new string('x', 400))], "gpt-test"), CancellationToken.None);

        var (key, estimated) = Assert.Single(limiter.Acquired);
        Assert.Equal(new RateLimitKey(server.Endpoint.ToString(), "gpt-test"), key);
        Assert.Equal((400 / 4) + 200, estimated);
        Assert.Equal([35], limiter.Completed);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingPropertyAndValue()
    {
        var limiter = new TokenBucketRateLimiter(new RateLimitOptions());

        var endpoint = Assert.Throws<ArgumentException>(() => new OpenAiTextGenerator(new OpenAiTextGeneratorOptions(new Uri("ftp://llm.example/v1"), "k"), limiter));
        var timeout = Assert.Throws<ArgumentOutOfRangeException>(() => new OpenAiTextGenerator(new OpenAiTextGeneratorOptions(server.Endpoint, "k") { NetworkTimeout = TimeSpan.Zero }, limiter));
        var key = Assert.Throws<ArgumentException>(() => new OpenAiTextGenerator(new OpenAiTextGeneratorOptions(server.Endpoint, " "), limiter));

        Assert.Contains("OpenAiTextGeneratorOptions.Endpoint", endpoint.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://llm.example/v1", endpoint.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAiTextGeneratorOptions.NetworkTimeout", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:00", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAiTextGeneratorOptions.ApiKey", key.Message, StringComparison.Ordinal);
    }

    private OpenAiTextGenerator CreateGenerator(Action<OpenAiTextGeneratorOptions>? configure = null)
    {
        var options = new OpenAiTextGeneratorOptions(server.Endpoint, "test-key") { NetworkTimeout = TimeSpan.FromSeconds(30) };
        configure?.Invoke(options);
        return new OpenAiTextGenerator(options, new TokenBucketRateLimiter(new RateLimitOptions()));
    }

    private sealed class RecordingRateLimiter : IRateLimiter
    {
        public List<(RateLimitKey Key, int Estimated)> Acquired { get; } = [];

        public List<int> Completed { get; } = [];

        public ValueTask<IRateLimitLease> AcquireAsync(RateLimitKey key, int estimatedTokens, CancellationToken cancellationToken)
        {
            Acquired.Add((key, estimatedTokens));
            return ValueTask.FromResult<IRateLimitLease>(new Lease(Completed));
        }

        private sealed class Lease(List<int> completed) : IRateLimitLease
        {
            public void Complete(int actualTokens) => completed.Add(actualTokens);
        }
    }
}
