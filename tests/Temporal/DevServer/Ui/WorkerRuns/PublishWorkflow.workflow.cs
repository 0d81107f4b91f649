using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>The child a reviewed pipeline starts: publishes the draft through an activity.</summary>
[Workflow("PublishContent")]
public class PublishWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string draftId) =>
        Workflow.ExecuteActivityAsync((PipelineStageActivities a) => a.PublishAsync(draftId), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}
