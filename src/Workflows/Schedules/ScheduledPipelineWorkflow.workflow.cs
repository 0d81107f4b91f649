using ContentFlows.Workflows.Pipelines;
using Temporalio.Common;
using Temporalio.Workflows;

namespace ContentFlows.Workflows.Schedules;

/// <summary>
/// The action of a project's recurring pipeline schedule. It stores the run row (as the API does for a started run)
/// and runs the pipeline as its child, so the schedule's overlap policy sees a run as running until the pipeline
/// ends — approval waits included — and a terminate-other overlap ends the pipeline too.
/// </summary>
[Workflow("ScheduledPipelineWorkflow")]
public sealed class ScheduledPipelineWorkflow
{
    /// <summary>Runs one scheduled action.</summary>
    /// <param name="input">The schedule's definition and brief template.</param>
    /// <returns>The run and its final state.</returns>
    [WorkflowRun]
    public async Task<ScheduledPipelineResult> RunAsync(ScheduledPipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scheduledAt = ScheduledTimes.NominalTimeOf(Workflow.Info.WorkflowId) ?? Workflow.UtcNow;
        var runId = Workflow.NewGuid();
        var pipeline = await Workflow.ExecuteActivityAsync<PipelineInput>(
            ScheduleActivityNames.PrepareScheduledRun,
            [new ScheduledRunRequest(input, runId, scheduledAt)],
            new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(1),
                RetryPolicy = new RetryPolicy { MaximumAttempts = 5, NonRetryableErrorTypes = [ScheduledRunErrorTypes.Refused] },
            });
        var result = await Workflow.ExecuteChildWorkflowAsync(
            (PipelineWorkflow wf) => wf.RunAsync(pipeline),
            new ChildWorkflowOptions { Id = $"pipeline-{runId:N}" });
        return new ScheduledPipelineResult(runId, result.State);
    }
}
