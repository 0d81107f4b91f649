using System.Text.Json.Serialization;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>Where a pipeline run stands; the same names are stored in the run row.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<PipelineRunState>))]
public enum PipelineRunState
{
    /// <summary>Stages are running.</summary>
    Running,

    /// <summary>Gates still fail after the last rewrite round; a human must look at the findings.</summary>
    NeedsReview,

    /// <summary>Waiting for a reviewer's signal.</summary>
    AwaitingApproval,

    /// <summary>The approval timed out and was escalated; still waiting for a reviewer.</summary>
    Escalated,

    /// <summary>Rejected by a reviewer or by an approval timeout.</summary>
    Rejected,

    /// <summary>All stages ran and the content was published.</summary>
    Published,

    /// <summary>All stages ran; the definition has no publish stage.</summary>
    Completed,

    /// <summary>The workflow failed (a stage exhausted its retries or failed for good); recorded by the reconciler.</summary>
    Failed,

    /// <summary>The workflow was cancelled; recorded by the reconciler (or marked by the API's cancel).</summary>
    Cancelled,

    /// <summary>The workflow was terminated from outside; recorded by the reconciler with the termination's reason.</summary>
    Terminated,

    /// <summary>The workflow hit its execution or run timeout; recorded by the reconciler.</summary>
    TimedOut,
}
