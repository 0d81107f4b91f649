namespace ContentFlows.Activities.Tests.Llm;

/// <summary>What <see cref="FakeOpenAiServer"/> received in one chat-completions request.</summary>
internal sealed record ReceivedChatRequest(
    string Model,
    IReadOnlyList<(string Role, string Content)> Messages,
    string? ResponseFormatType,
    double? Temperature,
    string? Authorization,
    string Body,
    DateTimeOffset ReceivedAt);
