using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// A run as list and count see it, from a snapshot of its <see cref="WorkflowExecutionInfo"/>: read back from the
/// store for a closed run memory no longer holds, or taken under the engine's lock for one it does, so queries run
/// outside the lock.
/// </summary>
internal sealed class ExecutionInfoVisibilityRow(WorkflowExecutionInfo info) : IVisibilityRow
{
    public WorkflowExecutionInfo Info => info;

    public string WorkflowId => info.Execution.WorkflowId;

    public string RunId => info.Execution.RunId;

    public string WorkflowType => info.Type?.Name ?? string.Empty;

    public string TaskQueue => info.TaskQueue;

    public WorkflowExecutionStatus Status => info.Status;

    public DateTimeOffset StartTime => info.StartTime.ToDateTimeOffset();

    public DateTimeOffset ExecutionTime => info.ExecutionTime?.ToDateTimeOffset() ?? StartTime;

    public DateTimeOffset? CloseTime => info.CloseTime?.ToDateTimeOffset();

    public long HistoryLength => info.HistoryLength;

    public long HistorySizeBytes => info.HistorySizeBytes;

    public string? ParentWorkflowId => info.ParentExecution?.WorkflowId;

    public string? ParentRunId => info.ParentExecution?.RunId;

    public string? RootWorkflowId => info.RootExecution?.WorkflowId ?? WorkflowId;

    public string? RootRunId => info.RootExecution?.RunId ?? RunId;

    public IReadOnlyDictionary<string, Payload> SearchAttributes => info.SearchAttributes?.IndexedFields ?? (IReadOnlyDictionary<string, Payload>)EmptyAttributes;

    private static Dictionary<string, Payload> EmptyAttributes { get; } = [];
}
