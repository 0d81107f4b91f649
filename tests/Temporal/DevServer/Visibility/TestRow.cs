using ContentFlows.Temporal.DevServer.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

/// <summary>A visibility row built in tests, with harmless defaults for what a test does not care about.</summary>
internal sealed record TestRow : IVisibilityRow
{
    public required string WorkflowId { get; init; }

    public string RunId { get; init; } = "run";

    public string WorkflowType { get; init; } = "Workflow";

    public string TaskQueue { get; init; } = "queue";

    public WorkflowExecutionStatus Status { get; init; } = WorkflowExecutionStatus.Running;

    public DateTimeOffset StartTime { get; init; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset ExecutionTime { get; init; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset? CloseTime { get; init; }

    public long HistoryLength { get; init; }

    public long HistorySizeBytes { get; init; }

    public string? ParentWorkflowId { get; init; }

    public string? ParentRunId { get; init; }

    public string? RootWorkflowId { get; init; }

    public string? RootRunId { get; init; }

    public IReadOnlyDictionary<string, Payload> SearchAttributes { get; init; } = new Dictionary<string, Payload>();
}
