using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>
/// A careless edit of <see cref="ReviewedPipelineWorkflow"/> under the same workflow name: it publishes
/// before the quality gate, so replaying a recorded run must report non-determinism.
/// </summary>
[Workflow(ReviewedPipelineWorkflow.Name)]
public class ReorderedPipelineWorkflow
{
    private ReviewDecision? decision;

    [WorkflowRun]
    public async Task<PipelineOutcome> RunAsync(PipelineRequest request)
    {
        var draftId = await Workflow.ExecuteActivityAsync((PipelineStageActivities a) => a.DraftContentAsync(request.Title), ReviewedPipelineWorkflow.StageOptions("draft"));
        var url = await Workflow.ExecuteChildWorkflowAsync((PublishWorkflow p) => p.RunAsync(draftId), ReviewedPipelineWorkflow.PublishOptions());
        await Workflow.WaitConditionAsync(() => decision is not null);
        return new PipelineOutcome(draftId, null, url, decision!.Approved, decision.Reviewer);
    }

    [WorkflowSignal(ReviewedPipelineWorkflow.ReviewSignal)]
    public Task ReviewDecisionAsync(ReviewDecision review)
    {
        decision = review;
        return Task.CompletedTask;
    }
}
