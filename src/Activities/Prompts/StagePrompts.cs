using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Prompts;

/// <summary>
/// Chooses the prompt text of an LLM call: the run's override (in its brief), else the project's (in its LLM
/// settings), else the stage's default. The system message and the user instruction are chosen separately, so an
/// override may replace one and keep the other. The task data always follows as a fenced JSON block.
/// </summary>
public static class StagePrompts
{
    /// <summary>The key of the brand-voice judge's prompt (a call of the quality-gates stage).</summary>
    public const string BrandVoiceJudge = "quality-gates.brand-voice";

    /// <summary>The key of the factuality judge's prompt (a call of the quality-gates stage).</summary>
    public const string FactualityJudge = "quality-gates.factuality";

    /// <summary>Gets the prompts that can be overridden, by key: the stage types that call an LLM and the judges.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["audience", "digest", "extract", "generate", "rewrite", "translate", BrandVoiceJudge, FactualityJudge];

    /// <summary>Returns the text to use for <paramref name="key"/>, by precedence run → project → default.</summary>
    public static PromptOverride Resolve(string key, ContentBrief brief, LlmSettings llm, string defaultSystem, string defaultUser)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(llm);
        var run = brief.Prompts?.GetValueOrDefault(key);
        var project = llm.Prompts.GetValueOrDefault(key);
        return new PromptOverride(run?.System ?? project?.System ?? defaultSystem, run?.User ?? project?.User ?? defaultUser);
    }

    /// <summary>Builds the messages of a stage's call: the resolved text, then <paramref name="task"/> as a fenced JSON block.</summary>
    public static IReadOnlyList<PromptMessage> Build(StageContext context, string key, string defaultSystem, string defaultUser, object task)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = Resolve(key, context.Run.Brief, context.Project.Llm, defaultSystem, defaultUser);
        return FencedTask.Build(text.System!, text.User!, task);
    }

    /// <summary>Lists what is wrong with a set of overrides (unknown keys, blank texts); empty when valid.</summary>
    /// <param name="prompts">The overrides; null is valid.</param>
    /// <param name="path">Where they are, for the messages, for example "llm.prompts".</param>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, PromptOverride>? prompts, string path)
    {
        var problems = new List<string>();
        foreach (var (key, prompt) in prompts ?? new Dictionary<string, PromptOverride>())
        {
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                problems.Add($"{path} has an unknown key \"{key}\"; known: {string.Join(", ", Keys)}.");
            }
            else if (prompt is null || (prompt.System is null && prompt.User is null))
            {
                problems.Add($"{path}.{key} must set system, user or both.");
            }
            else if (prompt.System is { } system && string.IsNullOrWhiteSpace(system) || prompt.User is { } user && string.IsNullOrWhiteSpace(user))
            {
                problems.Add($"{path}.{key} must not set a blank system or user text; leave it out to keep the default.");
            }
        }

        return problems;
    }
}
