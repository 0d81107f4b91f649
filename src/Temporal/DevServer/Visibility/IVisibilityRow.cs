using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// One run as the visibility query language sees it. ExecutionDuration is derived
/// (<see cref="CloseTime"/> minus <see cref="ExecutionTime"/>, closed runs only), so it is not a member.
/// </summary>
internal interface IVisibilityRow
{
    string WorkflowId { get; }

    string RunId { get; }

    string WorkflowType { get; }

    string TaskQueue { get; }

    WorkflowExecutionStatus Status { get; }

    DateTimeOffset StartTime { get; }

    DateTimeOffset ExecutionTime { get; }

    DateTimeOffset? CloseTime { get; }

    long HistoryLength { get; }

    long HistorySizeBytes { get; }

    string? ParentWorkflowId { get; }

    string? ParentRunId { get; }

    string? RootWorkflowId { get; }

    string? RootRunId { get; }

    /// <summary>Custom and predefined attributes (e.g. TemporalChangeVersion) as json/plain payloads.</summary>
    IReadOnlyDictionary<string, Payload> SearchAttributes { get; }
}
