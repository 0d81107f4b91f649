using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace ContentFlows.Api.Runs;

/// <summary>
/// Brings a run row in line with its workflow's real status (DescribeWorkflowExecution): a closed workflow's outcome —
/// completed, failed, cancelled, terminated, timed out — reaches the row with its reason even when no worker lived to
/// record it, and stages left running are failed with the same reason.
/// </summary>
internal sealed class RunOutcomeReconciler(ITemporalClient client, PipelineRunStore runs, PipelineStageStore stageRuns, TimeProvider timeProvider)
{
    // A row is written just before its workflow is started; one still unknown to Temporal after this never started.
    private static readonly TimeSpan NeverStartedAfter = TimeSpan.FromMinutes(1);

    /// <summary>Checks one run; returns the state it was closed with, or null while its workflow is open.</summary>
    public async Task<PipelineRunState?> ReconcileAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var handle = client.GetWorkflowHandle(run.WorkflowId);
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        WorkflowExecutionStatus status;
        try
        {
            status = (await handle.DescribeAsync(new WorkflowDescribeOptions { Rpc = rpc }).ConfigureAwait(false)).Status;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            if (timeProvider.GetUtcNow() - run.CreatedAt < NeverStartedAfter)
            {
                return null;
            }

            return await CloseAsync(run, PipelineRunState.Failed, "The run's workflow was never started (or its history was deleted).", cancellationToken).ConfigureAwait(false);
        }

        if (status is WorkflowExecutionStatus.Running or WorkflowExecutionStatus.Unspecified)
        {
            await runs.MarkReconciledAsync(run.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }

        try
        {
            var result = await handle.GetResultAsync<PipelineResult>(rpcOptions: rpc).ConfigureAwait(false);
            return await CloseAsync(run, result.State, result.Reason, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            var (state, reason) = Outcome(e.InnerException, run);
            return await CloseAsync(run, state, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (PipelineRunState State, string Reason) Outcome(Exception? failure, PipelineRun run) => failure switch
    {
        CanceledFailureException => (PipelineRunState.Cancelled, run.CancelledBy is { } by ? $"Cancelled by {by}." : "The workflow was cancelled."),
        TerminatedFailureException terminated => (PipelineRunState.Terminated, $"Terminated: {terminated.Message}"),
        TimeoutFailureException => (PipelineRunState.TimedOut, "The workflow hit its execution timeout."),
        ActivityFailureException activity => (PipelineRunState.Failed, $"The {activity.ActivityType} stage failed: {Innermost(activity)}"),
        null => (PipelineRunState.Failed, "The workflow failed."),
        _ => (PipelineRunState.Failed, $"The workflow failed: {Innermost(failure)}"),
    };

    private static string Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is { } inner)
        {
            current = inner;
        }

        return current.Message.Length <= 1000 ? current.Message : current.Message[..1000];
    }

    private async Task<PipelineRunState?> CloseAsync(PipelineRun run, PipelineRunState state, string? reason, CancellationToken cancellationToken)
    {
        if (await runs.CloseAsync(run.Id, state, reason, cancellationToken).ConfigureAwait(false))
        {
            await stageRuns.FailRunningAsync(run.Id, reason ?? $"The run ended {state}.", cancellationToken).ConfigureAwait(false);
        }

        return state;
    }
}
