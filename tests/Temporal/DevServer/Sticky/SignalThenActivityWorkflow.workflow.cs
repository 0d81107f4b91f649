using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Sticky;

/// <summary>Waits for a signal, then runs one activity: lets a test swap workers while the run waits.</summary>
[Workflow]
public class SignalThenActivityWorkflow
{
    private int? _step;

    [WorkflowRun]
    public async Task<int> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _step is not null);
        return await Workflow.ExecuteActivityAsync((NoOpActivities a) => a.EchoAsync(_step!.Value), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
    }

    [WorkflowSignal]
    public Task GoAsync(int step)
    {
        _step = step;
        return Task.CompletedTask;
    }
}
