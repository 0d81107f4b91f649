using System.Text.Json;
using ContentFlows.Activities.Llm;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// The prompt shape every LLM stage uses: instructions in prose plus the task as one fenced JSON block with a
/// <c>task</c> name. Real models read it well, and the offline generator finds the task and answers it exactly.
/// </summary>
public static class FencedTask
{
    private const string Fence = "```json";

    /// <summary>Builds the system and user messages for a task object (serialized camelCase, with its <c>task</c> property).</summary>
    public static IReadOnlyList<PromptMessage> Build(string system, string instruction, object task) =>
    [
        new PromptMessage("system", system),
        new PromptMessage("user", $"{instruction}\n\n{Fence}\n{JsonSerializer.Serialize(task, task.GetType(), PipelineJson.Options)}\n```"),
    ];

    /// <summary>Returns the task's name, or null when the prompt holds no fenced task.</summary>
    public static string? TaskName(IReadOnlyList<PromptMessage> messages)
    {
        var json = Json(messages);
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("task", out var task) && task.ValueKind == JsonValueKind.String
                ? task.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the fenced task as <typeparamref name="T"/>; null when absent or unreadable.</summary>
    public static T? TryRead<T>(IReadOnlyList<PromptMessage> messages)
        where T : class
    {
        var json = Json(messages);
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<T>(json, PipelineJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Json(IReadOnlyList<PromptMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var user = messages.LastOrDefault(m => m.Role == "user" && m.Content.Contains(Fence, StringComparison.Ordinal))?.Content;
        var start = user?.LastIndexOf(Fence, StringComparison.Ordinal) ?? -1;
        if (user is null || start < 0)
        {
            return null;
        }

        var json = user[(start + Fence.Length)..];
        var end = json.LastIndexOf("```", StringComparison.Ordinal);
        return end >= 0 ? json[..end] : json;
    }
}
