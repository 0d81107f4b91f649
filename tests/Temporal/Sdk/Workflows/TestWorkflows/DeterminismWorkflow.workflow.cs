using System.Globalization;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>Returns values that must be identical on every replay: time, random, GUIDs, info.</summary>
[Workflow]
public class DeterminismWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var before = Workflow.UtcNow;
        var random = Workflow.Random.Next(1_000_000);
        var guid = Workflow.NewGuid();
        await Workflow.DelayAsync(TimeSpan.FromSeconds(1));
        var after = Workflow.UtcNow;
        return string.Create(CultureInfo.InvariantCulture, $"{before:O}|{after:O}|{random}|{guid}|{Workflow.Info.WorkflowId}|{Workflow.InWorkflow}");
    }
}
