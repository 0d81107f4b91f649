using ContentFlows.Temporal.Api.Grpc;
using Temporalio.Api.Update.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>An update's state as callers may see it: with an outcome once completed, or an error once aborted.</summary>
internal sealed record WorkflowUpdateStatus(WorkflowUpdateState State, Outcome? Outcome = null, GrpcException? Error = null)
{
    public static WorkflowUpdateStatus Admitted { get; } = new(WorkflowUpdateState.Admitted);

    public static WorkflowUpdateStatus Sent { get; } = new(WorkflowUpdateState.Sent);

    public static WorkflowUpdateStatus Accepted { get; } = new(WorkflowUpdateState.Accepted);

    public static WorkflowUpdateStatus MovedToNewRun { get; } = new(WorkflowUpdateState.MovedToNewRun);

    /// <summary>Gets a value indicating whether nothing more will happen to the update.</summary>
    public bool IsFinal => State is WorkflowUpdateState.Completed or WorkflowUpdateState.Aborted or WorkflowUpdateState.MovedToNewRun;

    /// <summary>Gets a value indicating whether the workflow accepted the update (it may have completed since).</summary>
    public bool IsAcceptedOrLater => State is WorkflowUpdateState.Accepted or WorkflowUpdateState.Completed;
}
