using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A run as list and count queries see it.</summary>
internal sealed partial class WorkflowRun : IVisibilityRow
{
    public long HistoryLength => _history.Count;

    string IVisibilityRow.WorkflowType => WorkflowTypeName;

    string IVisibilityRow.TaskQueue => TaskQueueName;

    string? IVisibilityRow.ParentWorkflowId => Started.ParentWorkflowExecution?.WorkflowId;

    string? IVisibilityRow.ParentRunId => Started.ParentWorkflowExecution?.RunId;

    string? IVisibilityRow.RootWorkflowId => Started.RootWorkflowExecution?.WorkflowId ?? WorkflowId;

    string? IVisibilityRow.RootRunId => Started.RootWorkflowExecution?.RunId ?? RunId;

    IReadOnlyDictionary<string, Payload> IVisibilityRow.SearchAttributes => SearchAttributes;
}
