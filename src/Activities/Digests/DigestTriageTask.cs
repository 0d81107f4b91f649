using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Digests;

/// <summary>The fenced task of a triage prompt: score each item's relevance to the brief.</summary>
/// <param name="Brief">The brief (without prompt overrides): its topic, audience and keywords say what is relevant.</param>
/// <param name="Items">The items to score.</param>
public sealed record DigestTriageTask(ContentBrief Brief, IReadOnlyList<DigestCandidate> Items)
{
    /// <summary>The task name.</summary>
    public const string Name = "digest-triage";

    /// <summary>Gets the task name, for the offline generator.</summary>
    public string Task => Name;
}
