using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Generation;

/// <summary>Builds drafting prompts (see <see cref="FencedTask"/>).</summary>
public static class DraftPrompt
{
    /// <summary>Builds the messages for a draft task.</summary>
    public static IReadOnlyList<PromptMessage> Build(DraftTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var system =
            "You write marketing content for a brand. Reply with one JSON object with the string fields " +
            "title, metaDescription, h1, body and cta, and nothing else. State only numbers found in the brief's " +
            "sourceText or in the research. Never use a banned phrase. Use every keyword.";
        var instruction = task.Task == DraftTask.Rewrite
            ? "Rewrite the draft so that every issue listed is fixed; keep everything else."
            : "Write a first draft for this brief.";
        return FencedTask.Build(system, instruction, task);
    }

    /// <summary>Finds the task in a prompt built by <see cref="Build"/>; null when the prompt has none.</summary>
    public static DraftTask? TryRead(IReadOnlyList<PromptMessage> messages) => FencedTask.TryRead<DraftTask>(messages);
}
