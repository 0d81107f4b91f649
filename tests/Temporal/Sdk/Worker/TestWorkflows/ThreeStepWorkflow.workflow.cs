using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Sdk.Tests.Worker.TestWorkflows;

/// <summary>Runs three activities one after another and joins their results.</summary>
[Workflow]
public sealed class ThreeStepWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string input)
    {
        var options = new ActivityOptions(TimeSpan.FromSeconds(10));
        var one = await Workflow.ExecuteActivityAsync((WorkerTestActivities a) => a.StepAsync(input, 1), options);
        var two = await Workflow.ExecuteActivityAsync((WorkerTestActivities a) => a.StepAsync(one, 2), options);
        return await Workflow.ExecuteActivityAsync((WorkerTestActivities a) => a.StepAsync(two, 3), options);
    }
}
