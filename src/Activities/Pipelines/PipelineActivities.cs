using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Stages;
using Temporalio.Activities;
using Temporalio.Converters;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Activities.Pipelines;

/// <summary>
/// The activities the pipeline workflow calls. Each stage runs as an activity named by its stage type
/// (<c>research</c>, <c>generate</c>, <c>quality-gates</c>…) so a history reads as the pipeline does; one dynamic
/// activity serves every type of the registry, so adding a stage type adds a class and a registration, never an
/// activity or workflow change.
/// </summary>
public sealed partial class PipelineActivities(
    StageTypeRegistry stageTypes,
    ProjectStore projects,
    PipelineRunStore runs,
    PipelineStageStore stageRuns,
    ApprovalStore approvals,
    ILogger<PipelineActivities> logger)
{
    /// <summary>The error type of failures retrying cannot fix; the workflow's retry policy lists it as non-retryable.</summary>
    public const string InvalidStageConfigErrorType = "InvalidStageConfig";

    /// <summary>The error type of an activity that names no registered stage type (a worker older than the definition).</summary>
    public const string UnknownStageTypeErrorType = "UnknownStageType";

    /// <summary>Runs one stage of a run; the activity type is the stage type.</summary>
    /// <param name="args">One <see cref="StageInvocation"/>.</param>
    /// <returns>The stage's outcome.</returns>
    [Activity(Dynamic = true)]
    public async Task<StageOutcome> ExecuteStageAsync(IRawValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = ActivityExecutionContext.Current;
        var activityType = context.Info.ActivityType;
        if (args.Length != 1 || !stageTypes.Contains(activityType))
        {
            throw new ApplicationFailureException($"No stage type \"{activityType}\" is registered on this worker (or it was called with {args.Length} arguments, not 1).", UnknownStageTypeErrorType, nonRetryable: true);
        }

        var invocation = context.PayloadConverter.ToValue<StageInvocation>(args[0]);
        if (invocation.StageType != activityType)
        {
            throw new ApplicationFailureException($"Activity \"{activityType}\" was called for a \"{invocation.StageType}\" stage.", UnknownStageTypeErrorType, nonRetryable: true);
        }

        var cancellationToken = context.CancellationToken;
        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeats = HeartbeatWhileRunningAsync(context, stopHeartbeats.Token);
        try
        {
            var stage = stageTypes.Get(invocation.StageType);
            var run = await runs.GetAsync(invocation.RunId, cancellationToken).ConfigureAwait(false);

            // A workflow's input is not proof of tenancy: anyone reaching the gRPC port can start one naming any
            // project. The run row, written by the API for the caller's project, is.
            if (run.ProjectId != invocation.ProjectId)
            {
                throw new ApplicationFailureException($"Run {invocation.RunId} does not belong to project {invocation.ProjectId}; the stage does not run and no project secret is read.", InvalidStageConfigErrorType, nonRetryable: true);
            }

            // The settings the run pinned at its start: a change made since applies to new runs only.
            var project = await projects.GetAsync(invocation.ProjectId, run.SettingsVersion, cancellationToken).ConfigureAwait(false);
            LogStageStarting(invocation.RunId, invocation.StageIndex, invocation.StageType, invocation.InputVersion, invocation.Round);
            await stageRuns.StartAsync(invocation, context.Info.Attempt, cancellationToken).ConfigureAwait(false);
            StageOutcome outcome;
            try
            {
                outcome = await stage.ExecuteAsync(new StageContext(invocation, project, run, cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next attempt marks it running again; the last one leaves it failed with its reason.
                await stageRuns.FailAsync(invocation, e.Message, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            await stageRuns.FinishAsync(invocation, outcome, cancellationToken).ConfigureAwait(false);
            LogStageFinished(invocation.RunId, invocation.StageIndex, invocation.StageType, outcome.Summary);
            return outcome;
        }
        catch (StageConfigurationException e)
        {
            throw new ApplicationFailureException(e.Message, InvalidStageConfigErrorType, nonRetryable: true);
        }
        catch (LlmException e)
        {
            // Temporal's retry policy is the one retry loop: it gets the error type, the retryability and Retry-After.
            throw e.ToApplicationFailure();
        }
        finally
        {
            await stopHeartbeats.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
        }
    }

    /// <summary>Audits an approval decision (and stores an edit as a new version).</summary>
    [Activity(PipelineActivityNames.RecordApproval)]
    public async Task<ApprovalRecorded> RecordApprovalAsync(ApprovalRecordRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recorded = await approvals.RecordAsync(request, ActivityExecutionContext.Current.CancellationToken).ConfigureAwait(false);
        LogApprovalRecorded(request.RunId, request.Decision.Decision, request.Decision.Reviewer, recorded.ResultingVersion);
        return recorded;
    }

    /// <summary>Stores the run state the workflow decided.</summary>
    [Activity(PipelineActivityNames.UpdateRunState)]
    public Task UpdateRunStateAsync(RunStateUpdate update) =>
        runs.UpdateStateAsync(update, ActivityExecutionContext.Current.CancellationToken);

    // A stage may wait minutes on an LLM; heartbeating a few times per heartbeat timeout tells the server this
    // worker is alive, so only a dead worker's stage is timed out and retried.
    private static async Task HeartbeatWhileRunningAsync(ActivityExecutionContext context, CancellationToken stop)
    {
        if (context.Info.HeartbeatTimeout is not { } timeout || timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(timeout / 4);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                context.Heartbeat();
            }
        }
        catch (OperationCanceledException)
        {
            // The stage finished (or was cancelled): no more heartbeats are due.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} stage {StageIndex} ({StageType}) starting on version {InputVersion}, round {Round}")]
    private partial void LogStageStarting(Guid runId, int stageIndex, string stageType, int? inputVersion, int round);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} stage {StageIndex} ({StageType}) finished: {Summary}")]
    private partial void LogStageFinished(Guid runId, int stageIndex, string stageType, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Decision} by {Reviewer}; version {ResultingVersion} goes on")]
    private partial void LogApprovalRecorded(Guid runId, ApprovalDecisionKind decision, string reviewer, int? resultingVersion);
}
