using ContentFlows.Temporal.Activities;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>One activity attempt the worker is running: its task and its cancellation.</summary>
internal sealed class RunningActivity(PollActivityTaskQueueResponse task) : IDisposable
{
    public PollActivityTaskQueueResponse Task { get; } = task;

    public ActivityCancellation Cancellation { get; } = new();

    public void Dispose() => Cancellation.Dispose();
}
