using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.TimeSkipping;

/// <summary>Sleeps for the given number of days (beyond what one System.Threading.Timer can wait) and reports the workflow time that passed.</summary>
[Workflow]
public class LongDelayWorkflow
{
    [WorkflowRun]
    public async Task<TimeSpan> RunAsync(int days)
    {
        var start = Workflow.UtcNow;
        await Workflow.DelayAsync(TimeSpan.FromDays(days));
        return Workflow.UtcNow - start;
    }
}
