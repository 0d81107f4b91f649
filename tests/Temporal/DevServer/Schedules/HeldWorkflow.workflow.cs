using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Schedules;

/// <summary>Runs until released by a signal: keeps a scheduled workflow running so that the next action times overlap it.</summary>
[Workflow]
public sealed class HeldWorkflow
{
    private bool released;

    [WorkflowRun]
    public Task RunAsync() => Workflow.WaitConditionAsync(() => released);

    [WorkflowSignal]
    public Task ReleaseAsync()
    {
        released = true;
        return Task.CompletedTask;
    }
}
