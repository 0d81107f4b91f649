namespace ContentFlows.Activities.Llm;

/// <summary>One turn of a conversation sent to a text generator; named apart from OpenAI.Chat.ChatMessage so both read clearly in one file.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Content">The turn's text.</param>
public sealed record PromptMessage(string Role, string Content);
