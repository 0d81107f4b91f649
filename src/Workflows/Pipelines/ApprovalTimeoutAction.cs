using System.Text.Json.Serialization;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>What an approval stage does when no decision arrives in time.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ApprovalTimeoutAction>))]
public enum ApprovalTimeoutAction
{
    /// <summary>Mark the run escalated and keep waiting for a human.</summary>
    Escalate,

    /// <summary>Reject the run.</summary>
    AutoReject,

    /// <summary>Approve when the last gate passed with at least the configured score; otherwise escalate.</summary>
    AutoApproveAboveScore,
}
