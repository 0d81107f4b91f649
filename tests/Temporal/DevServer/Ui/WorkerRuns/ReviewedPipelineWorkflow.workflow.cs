using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>
/// A content pipeline as the C# worker runs it: a draft that succeeds on attempt 3, a quality gate
/// that fails for good (the run goes on), a publishing child, then a wait for a reviewer's signal.
/// </summary>
[Workflow(Name)]
public class ReviewedPipelineWorkflow
{
    public const string Name = "ReviewedContentPipeline";
    public const string ReviewSignal = "reviewDecision";

    private ReviewDecision? decision;

    /// <summary>Gets fast retries, so three attempts take a fraction of a second.</summary>
    public static ActivityOptions StageOptions(string activityId) => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        ActivityId = activityId,
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), BackoffCoefficient = 1, MaximumAttempts = 5 },
    };

    /// <summary>Gets the publishing child's options: its id derives from the parent's.</summary>
    public static ChildWorkflowOptions PublishOptions() => new() { Id = $"{Workflow.Info.WorkflowId}-publish" };

    [WorkflowRun]
    public async Task<PipelineOutcome> RunAsync(PipelineRequest request)
    {
        var draftId = await Workflow.ExecuteActivityAsync((PipelineStageActivities a) => a.DraftContentAsync(request.Title), StageOptions("draft"));
        string? gateFailure = null;
        try
        {
            await Workflow.ExecuteActivityAsync((PipelineStageActivities a) => a.CheckBrandToneAsync(draftId), StageOptions("check"));
        }
        catch (ActivityFailureException e)
        {
            gateFailure = e.InnerException?.Message;
        }

        var url = await Workflow.ExecuteChildWorkflowAsync((PublishWorkflow p) => p.RunAsync(draftId), PublishOptions());
        await Workflow.WaitConditionAsync(() => decision is not null);
        return new PipelineOutcome(draftId, gateFailure, url, decision!.Approved, decision.Reviewer);
    }

    [WorkflowSignal(ReviewSignal)]
    public Task ReviewDecisionAsync(ReviewDecision review)
    {
        decision = review;
        return Task.CompletedTask;
    }
}
