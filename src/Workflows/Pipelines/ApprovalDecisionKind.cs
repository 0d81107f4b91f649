using System.Text.Json.Serialization;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>What a reviewer decided.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ApprovalDecisionKind>))]
public enum ApprovalDecisionKind
{
    /// <summary>Publish the current version as it is.</summary>
    Approve,

    /// <summary>Publish the reviewer's edited text as a new version.</summary>
    Edit,

    /// <summary>End the run without publishing.</summary>
    Reject,
}
