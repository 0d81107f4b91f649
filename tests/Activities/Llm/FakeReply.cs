namespace ContentFlows.Activities.Tests.Llm;

/// <summary>One scripted answer of <see cref="FakeOpenAiServer"/>.</summary>
internal sealed record FakeReply(int Status, string? Body, IReadOnlyDictionary<string, string> Headers, bool Hang = false)
{
    /// <summary>A chat completion with the given text and usage, shaped like OpenAI's.</summary>
    public static FakeReply Completion(string content, int promptTokens, int completionTokens, string model = "fake-model-2026-01-01")
    {
        var body = new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_767_225_600,
            model,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" },
            },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        };
        return new FakeReply(200, System.Text.Json.JsonSerializer.Serialize(body), new Dictionary<string, string>());
    }

    /// <summary>An OpenAI-style error body with the given status and headers.</summary>
    public static FakeReply Error(int status, string message, params (string Name, string Value)[] headers)
    {
        var body = new { error = new { message, type = status == 429 ? "rate_limit_exceeded" : "invalid_request_error", code = (string?)null } };
        return new FakeReply(status, System.Text.Json.JsonSerializer.Serialize(body), headers.ToDictionary(h => h.Name, h => h.Value));
    }

    /// <summary>Never answers: the request stays open until the client gives up.</summary>
    public static FakeReply NoAnswer() => new(0, null, new Dictionary<string, string>(), Hang: true);
}
