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
}
