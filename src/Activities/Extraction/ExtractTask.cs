using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Extraction;

/// <summary>The fenced task of an extract prompt.</summary>
/// <param name="Brief">The brief.</param>
/// <param name="Research">The research brief, or null.</param>
/// <param name="MaxItems">The most items per list.</param>
public sealed record ExtractTask(ContentBrief Brief, string? Research, int MaxItems)
{
    /// <summary>The task name.</summary>
    public const string Name = "extract";

    /// <summary>Gets the task name, for the offline generator.</summary>
    public string Task => Name;
}
