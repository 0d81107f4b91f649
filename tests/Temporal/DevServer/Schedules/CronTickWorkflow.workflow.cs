using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Schedules;

/// <summary>One tick of a cron workflow: answers the number of ticks so far, carried by the last completion result.</summary>
[Workflow]
public sealed class CronTickWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync()
    {
        var previous = Workflow.Info.LastResult is { Count: > 0 } last ? (int)Workflow.PayloadConverter.ToValue(last.First().Payload, typeof(int))! : 0;
        return Task.FromResult(previous + 1);
    }
}
