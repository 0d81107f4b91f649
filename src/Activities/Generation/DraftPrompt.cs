using System.Text.Json;
using ContentFlows.Activities.Llm;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// Builds drafting prompts: instructions in prose plus the task as one fenced JSON block, which real models read
/// well and the offline generator parses exactly.
/// </summary>
public static class DraftPrompt
{
    private const string Fence = "```json";

    /// <summary>Builds the messages for a draft task.</summary>
    public static IReadOnlyList<PromptMessage> Build(DraftTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var system =
            "You write marketing content for a brand. Reply with one JSON object with the string fields " +
            "title, metaDescription, h1, body and cta, and nothing else. State only numbers found in the brief's " +
            "sourceText. Never use a banned phrase. Use every keyword.";
        var instruction = task.Task == DraftTask.Rewrite
            ? "Rewrite the draft so that every issue listed is fixed; keep everything else."
            : "Write a first draft for this brief.";
        var user = $"{instruction}\n\n{Fence}\n{JsonSerializer.Serialize(task, PipelineJson.Options)}\n```";
        return [new PromptMessage("system", system), new PromptMessage("user", user)];
    }

    /// <summary>Finds the task in a prompt built by <see cref="Build"/>; null when the prompt has none.</summary>
    public static DraftTask? TryRead(IReadOnlyList<PromptMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var user = messages.LastOrDefault(m => m.Role == "user")?.Content;
        var start = user?.LastIndexOf(Fence, StringComparison.Ordinal) ?? -1;
        if (user is null || start < 0)
        {
            return null;
        }

        var json = user[(start + Fence.Length)..];
        var end = json.LastIndexOf("```", StringComparison.Ordinal);
        try
        {
            return JsonSerializer.Deserialize<DraftTask>(end >= 0 ? json[..end] : json, PipelineJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
