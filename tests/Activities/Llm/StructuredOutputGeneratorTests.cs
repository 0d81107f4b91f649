using System.Text.Json;
using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Tests.Llm;

public sealed class StructuredOutputGeneratorTests : IAsyncLifetime
{
    private FakeOpenAiServer server = null!;
    private StructuredOutputGenerator structured = null!;

    public async Task InitializeAsync()
    {
        server = await FakeOpenAiServer.StartAsync();
        var generator = new OpenAiTextGenerator(new OpenAiTextGeneratorOptions(server.Endpoint, "test-key"), new TokenBucketRateLimiter(new RateLimitOptions()));
        structured = new StructuredOutputGenerator(generator);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task GenerateJsonAsync_ValidJson_ReturnsValueAfterOneJsonModeCall()
    {
        server.Enqueue(FakeReply.Completion("{\"title\":\"Kettle\",\"benefits\":[\"fast\",\"quiet\"]}", 20, 9));

        var result = await structured.GenerateJsonAsync<Features>(Request(), validate: null, serializerOptions: null, CancellationToken.None);

        Assert.Equal("Kettle", result.Value.Title);
        Assert.Equal(["fast", "quiet"], result.Value.Benefits);
        Assert.False(result.Repaired);
        Assert.Equal((20, 9), (result.PromptTokens, result.CompletionTokens));
        Assert.Equal("json_object", Assert.Single(server.Requests).ResponseFormatType);
    }

    [Fact]
    public async Task GenerateJsonAsync_JsonInCodeFence_IsParsed()
    {
        server.Enqueue(FakeReply.Completion("```json\n{\"title\":\"Kettle\",\"benefits\":[]}\n```", 20, 9));

        var result = await structured.GenerateJsonAsync<Features>(Request(), validate: null, serializerOptions: null, CancellationToken.None);

        Assert.Equal("Kettle", result.Value.Title);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateJsonAsync_MalformedThenValid_RepairsWithParseErrorQuoted()
    {
        const string malformed = "{\"title\": \"Kettle\", \"benefits\": [\"fast\"";
        server.Enqueue(FakeReply.Completion(malformed, 20, 9), FakeReply.Completion("{\"title\":\"Kettle\",\"benefits\":[\"fast\"]}", 45, 10));

        var result = await structured.GenerateJsonAsync<Features>(Request(), validate: null, serializerOptions: null, CancellationToken.None);

        Assert.Equal("Kettle", result.Value.Title);
        Assert.True(result.Repaired);
        Assert.Equal([(20, 9), (45, 10)], result.Calls.Select(call => (call.PromptTokens, call.CompletionTokens)));
        Assert.Equal((65, 19), (result.PromptTokens, result.CompletionTokens));
        Assert.Equal(2, server.Requests.Count);
        var repair = server.Requests[1];
        Assert.Equal("json_object", repair.ResponseFormatType);
        Assert.Equal(4, repair.Messages.Count);
        Assert.Equal(server.Requests[0].Messages, repair.Messages.Take(2));
        Assert.Equal(("assistant", malformed), repair.Messages[2]);
        Assert.Equal("user", repair.Messages[3].Role);
        Assert.Contains("could not be used", repair.Messages[3].Content, StringComparison.Ordinal);
        Assert.Contains("LineNumber", repair.Messages[3].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateJsonAsync_InvalidByValidatorThenValid_RepairsWithProblemsQuoted()
    {
        server.Enqueue(FakeReply.Completion("{\"title\":\"\",\"benefits\":[]}", 20, 9), FakeReply.Completion("{\"title\":\"Kettle\",\"benefits\":[\"fast\"]}", 30, 9));

        var result = await structured.GenerateJsonAsync<Features>(
            Request(),
            features => string.IsNullOrEmpty(features.Title) ? ["title must not be empty"] : [],
            serializerOptions: null,
            CancellationToken.None);

        Assert.Equal("Kettle", result.Value.Title);
        Assert.Contains("title must not be empty", server.Requests[1].Messages[3].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateJsonAsync_MalformedTwice_ThrowsNonRetryableMalformedOutput()
    {
        server.Enqueue(FakeReply.Completion("not json at all", 20, 4), FakeReply.Completion("still {not json", 40, 5));

        var failure = await Assert.ThrowsAsync<LlmMalformedOutputException>(
            () => structured.GenerateJsonAsync<Features>(Request(), validate: null, serializerOptions: null, CancellationToken.None));

        Assert.Equal(LlmErrorTypes.MalformedOutput, failure.ErrorType);
        Assert.False(failure.IsRetryable);
        Assert.Equal("still {not json", failure.LastOutput);
        Assert.Equal([(20, 4), (40, 5)], failure.Calls.Select(call => (call.PromptTokens, call.CompletionTokens)));
        Assert.IsAssignableFrom<JsonException>(failure.InnerException);
        var temporalFailure = failure.ToApplicationFailure();
        Assert.True(temporalFailure.NonRetryable);
        Assert.Equal(LlmErrorTypes.MalformedOutput, temporalFailure.ErrorType);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task GenerateJsonAsync_TransientFailure_PropagatesWithoutRepair()
    {
        server.Enqueue(FakeReply.Error(429, "Too many tokens.", ("Retry-After", "2")));

        var failure = await Assert.ThrowsAsync<LlmTransientException>(
            () => structured.GenerateJsonAsync<Features>(Request(), validate: null, serializerOptions: null, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
        Assert.Single(server.Requests);
    }

    private static GenerationRequest Request() => new(
        [new("system", "Extract product features. Answer with a JSON object {title, benefits}."), new("user", "A fast, quiet kettle.")],
        "gpt-test");

    private sealed record Features(string Title, IReadOnlyList<string> Benefits);
}
