using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// A run as it stood at a past moment, for paging: a run that closed after the first page was read still
/// counts as open, so its place in the order (open first, then by close time) and whether it matches do not
/// move between pages, and no row is skipped or repeated.
/// </summary>
internal sealed class AsOfVisibilityRow(IVisibilityRow row, DateTimeOffset asOf) : IVisibilityRow
{
    private readonly bool closedSince = row.CloseTime is { } closed && closed > asOf;

    public IVisibilityRow Row => row;

    public string WorkflowId => row.WorkflowId;

    public string RunId => row.RunId;

    public string WorkflowType => row.WorkflowType;

    public string TaskQueue => row.TaskQueue;

    public WorkflowExecutionStatus Status => this.closedSince ? WorkflowExecutionStatus.Running : row.Status;

    public DateTimeOffset StartTime => row.StartTime;

    public DateTimeOffset ExecutionTime => row.ExecutionTime;

    public DateTimeOffset? CloseTime => this.closedSince ? null : row.CloseTime;

    public long HistoryLength => row.HistoryLength;

    public long HistorySizeBytes => row.HistorySizeBytes;

    public string? ParentWorkflowId => row.ParentWorkflowId;

    public string? ParentRunId => row.ParentRunId;

    public string? RootWorkflowId => row.RootWorkflowId;

    public string? RootRunId => row.RootRunId;

    public IReadOnlyDictionary<string, Payload> SearchAttributes => row.SearchAttributes;
}
