namespace ContentFlows.Workflows.Pipelines;

/// <summary>
/// The stage types the workflow itself gives meaning to. Every other type (generate, quality-gates, and any added
/// later) is run through the generic stage activity without the workflow knowing it.
/// </summary>
public static class PipelineStageTypes
{
    /// <summary>Waits for a reviewer's signal; a workflow step, not an activity.</summary>
    public const string Approval = "approval";

    /// <summary>Runs only when the preceding gate failed, then re-runs that gate, up to its max rounds.</summary>
    public const string Rewrite = "rewrite";

    /// <summary>Publishes; the workflow holds it until each channel's scheduled time when the run has one.</summary>
    public const string Publish = "publish";
}
