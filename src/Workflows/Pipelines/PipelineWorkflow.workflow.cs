using System.Text.Json;
using ContentFlows.Workflows.Notifications;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>
/// Runs a pinned pipeline definition stage by stage. Every stage type except <c>approval</c> and the rewrite loop
/// is one call of the generic stage activity, so adding a stage type never changes this class. The workflow
/// holds only ids, version numbers and gate summaries; drafts live in PostgreSQL.
/// </summary>
[Workflow("PipelineWorkflow")]
public sealed class PipelineWorkflow
{
    private const string InvalidConfigErrorType = "InvalidStageConfig";
    private const string LlmRefusalNeedsReviewPatch = "llm-refusal-needs-review";
    private const string EscalationDeadlinePatch = "approval-escalation-deadline";

    // Runs recorded before these ended needs-review instead of waiting for a reviewer, and held their batch's slot while waiting.
    private const string ReviewQueuePatch = "needs-review-queue";
    private const string ReleaseBatchSlotPatch = "release-batch-slot-while-waiting";

    // Runs recorded before it published every channel as the publish stage was reached.
    private const string ScheduledPublishingPatch = "scheduled-publishing";

    /// <summary>The signal a batch child sends its parent when it starts waiting for a person (argument: its workflow id).</summary>
    public const string ItemAwaitingPersonSignal = "item-awaiting-person";

    // Gate re-checks of reviewed edits run as rounds of their own, clear of the rewrite loop's rounds (idempotency keys).
    private const int ReviewRecheckRoundBase = 1000;

    // The non-retryable LLM error types (ContentFlows.Activities.Llm.LlmErrorTypes, which this project cannot reference).
    private const string LlmMalformedOutputErrorType = "LlmMalformedOutput";
    private static readonly string[] LlmRefusalErrorTypes = ["LlmRequestRejected", LlmMalformedOutputErrorType];

    private readonly List<int> versions = [];

    // Notifications in flight: sent beside the wait they announce, awaited before the run ends.
    private readonly List<Task> notifications = [];
    private Guid projectId;
    private Guid runId;
    private PipelineRunState state = PipelineRunState.Running;
    private string? currentStage;
    private int? currentStageIndex;
    private int? currentVersion;
    private GateVerdict? lastGate;
    private int? lastGateIndex;
    private bool awaitingApproval;
    private bool blockedByGates;
    private int rewriteRounds;
    private ApprovalDecision? pendingDecision;
    private bool awaitingReview;
    private int reviewRound;
    private bool parentNotified;
    private bool published;

    // Channel name → when it publishes (UTC), null once cancelled; channels not named publish when the stage is reached.
    private readonly Dictionary<string, DateTimeOffset?> publicationTimes = new(StringComparer.Ordinal);
    private readonly HashSet<string> publishedChannels = new(StringComparer.Ordinal);
    private int publicationScheduleChanges;

    /// <summary>Gets what the run is doing now.</summary>
    [WorkflowQuery("status")]
    public PipelineStatus Status => new(
        state,
        currentStage,
        currentStageIndex,
        versions.ToArray(),
        lastGate?.Score,
        awaitingApproval,
        rewriteRounds,
        reviewRound,
        publicationTimes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ScheduledPublication(p.Key, p.Value, publishedChannels.Contains(p.Key))).ToArray());

    /// <summary>Runs the pipeline.</summary>
    /// <param name="input">Ids, the pinned definition and the brief.</param>
    /// <returns>How the run ended; a rejection is a normal result.</returns>
    [WorkflowRun]
    public async Task<PipelineResult> RunAsync(PipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        projectId = input.ProjectId;
        runId = input.RunId;
        try
        {
            return await RunPipelineAsync(input);
        }
        catch (FailureException e) when (!TemporalException.IsCanceledException(e))
        {
            // The run fails with this exception (a cancellation is no failure); people are told first. Runs recorded
            // before notifications failed straight away.
            if (Workflow.Patched(WorkflowNotifications.Patch))
            {
                Notify(NotificationEvent.RunFailed, FailureReason(e), "failed");
                await Workflow.WhenAllAsync(notifications);
            }

            throw;
        }
    }

    private async Task<PipelineResult> RunPipelineAsync(PipelineInput input)
    {
        foreach (var (channel, publishAt) in input.PublishAt ?? new Dictionary<string, DateTimeOffset>())
        {
            publicationTimes[channel] = publishAt;
        }

        var startIndex = input.Retry is { } retry ? ApplyRetrySeed(retry) : 0;
        while (true)
        {
            try
            {
                return await RunStagesAsync(input, startIndex);
            }
            catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: { } errorType } refusal && LlmRefusalErrorTypes.Contains(errorType))
            {
                // Runs recorded before this path existed failed here; they must replay that way.
                if (!Workflow.Patched(LlmRefusalNeedsReviewPatch))
                {
                    throw;
                }

                // A refused request fails the same way on every retry: a person has to change the prompt, the content or
                // the settings, so the run stops for review with the provider's words instead of failing.
                // Only the reason's words differ by error type: the commands stay those every recorded run has.
                var what = errorType == LlmMalformedOutputErrorType ? "failed because the LLM provider returned unusable output" : "was refused by the LLM provider";
                var reason = $"The {currentStage} stage (index {currentStageIndex}) {what}: {refusal.Message}";
                if (!Workflow.Patched(ReviewQueuePatch))
                {
                    return await FinishAsync(PipelineRunState.NeedsReview, reason);
                }

                var refusedIndex = currentStageIndex ?? 0;
                var decision = await AwaitReviewAsync(input, refusedIndex, reason);
                if (decision.Decision == ApprovalDecisionKind.Reject)
                {
                    return await FinishAsync(PipelineRunState.Rejected, RejectionReason(decision));
                }

                // An edit is checked again by a refused gate stage that had checked before; otherwise the run goes on after the refused stage
                // (a refused generate is followed by the gates, which then check the reviewer's text).
                startIndex = decision.Decision == ApprovalDecisionKind.Edit && lastGateIndex == refusedIndex ? refusedIndex : refusedIndex + 1;
                state = PipelineRunState.Running;
                await UpdateRunStateAsync(state, reason: null);
            }
        }
    }

    /// <summary>Delivers a reviewer's decision; the first valid one wins, later ones are ignored.</summary>
    /// <param name="decision">Approve, edit (with the new text) or reject (with a reason).</param>
    /// <returns>A completed task.</returns>
    [WorkflowSignal("approve")]
    public Task ApproveAsync(ApprovalDecision decision)
    {
        if (decision is null || pendingDecision is not null)
        {
            return Task.CompletedTask;
        }

        // A refused first draft leaves nothing to approve: only an edit (the reviewer's own text) or a rejection goes on.
        if (awaitingReview && currentVersion is null && decision.Decision == ApprovalDecisionKind.Approve)
        {
            Workflow.Logger.LogWarning("Ignored an approval from {Reviewer}: the run has no draft to approve.", decision.Reviewer);
            return Task.CompletedTask;
        }

        // Throwing from a signal handler would fail the workflow task over and over; a bad decision is dropped instead.
        if (decision.Decision == ApprovalDecisionKind.Edit && decision.EditedContent is null)
        {
            Workflow.Logger.LogWarning("Ignored an edit decision from {Reviewer} without edited content.", decision.Reviewer);
            return Task.CompletedTask;
        }

        pendingDecision = decision;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets (or moves) the time one channel of the publish stage publishes at, or cancels it (no time): the run then does
    /// not publish to that channel. A channel already published keeps its publication.
    /// </summary>
    /// <param name="change">The channel and its new time (UTC), or none to cancel.</param>
    /// <returns>A completed task.</returns>
    [WorkflowSignal("schedule-publication")]
    public Task SchedulePublicationAsync(PublicationScheduleChange change)
    {
        if (change is null || string.IsNullOrEmpty(change.Channel) || publishedChannels.Contains(change.Channel))
        {
            Workflow.Logger.LogWarning("Ignored a publication schedule change for channel {Channel}: it is published already or unnamed.", change?.Channel);
            return Task.CompletedTask;
        }

        publicationTimes[change.Channel] = change.PublishAt;
        publicationScheduleChanges++;
        Workflow.Logger.LogInformation("Channel {Channel} now publishes at {PublishAt} (null: cancelled), asked by {RequestedBy}.", change.Channel, change.PublishAt, change.RequestedBy);
        return Task.CompletedTask;
    }

    private async Task<PipelineResult> RunStagesAsync(PipelineInput input, int startIndex)
    {
        var stages = input.Definition.Stages;
        for (var index = startIndex; index < stages.Count; index++)
        {
            var stage = stages[index];
            currentStage = stage.Type;
            currentStageIndex = index;
            switch (stage.Type)
            {
                case PipelineStageTypes.Approval:
                    if (await RunApprovalAsync(input, index, stage) is { } rejected)
                    {
                        return rejected;
                    }

                    break;
                case PipelineStageTypes.Rewrite:
                    await RunRewriteLoopAsync(input, index, stage);
                    break;
                default:
                    // Content that failed its gates goes no further without a human's approval.
                    if (blockedByGates && await ReviewBlockedDraftAsync(input, index) is { } ended)
                    {
                        return ended;
                    }

                    // Only runs given a publication time reach the patch, so runs recorded before it replay unchanged.
                    if (stage.Type == PipelineStageTypes.Publish && publicationTimes.Count > 0 && Workflow.Patched(ScheduledPublishingPatch))
                    {
                        await PublishOnScheduleAsync(input, index, stage);
                        break;
                    }

                    var outcome = await ExecuteStageAsync(input, index, stage, round: 0);
                    published |= outcome.Published;
                    if (outcome.Gate is { } gate)
                    {
                        lastGate = gate;
                        lastGateIndex = index;
                        var rewriteFollows = index + 1 < stages.Count && stages[index + 1].Type == PipelineStageTypes.Rewrite;
                        if (!gate.Passed && !rewriteFollows)
                        {
                            await MarkNeedsReviewAsync();
                        }
                    }

                    break;
            }
        }

        if (blockedByGates && await ReviewBlockedDraftAsync(input, stages.Count) is { } endedInReview)
        {
            return endedInReview;
        }

        currentStage = null;
        currentStageIndex = null;

        return await FinishAsync(published ? PipelineRunState.Published : PipelineRunState.Completed, reason: null);
    }

    // The heartbeat timeout lets a stage on a worker that died be retried within seconds rather than after the
    // five-minute start-to-close timeout; the stage activity heartbeats while it runs, however long an LLM call takes.
    private static ActivityOptions StageActivityOptions() => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        HeartbeatTimeout = TimeSpan.FromSeconds(20),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            MaximumInterval = TimeSpan.FromSeconds(30),
            MaximumAttempts = 5,
            NonRetryableErrorTypes = [InvalidConfigErrorType],
        },
    };

    private static TConfig ParseConfig<TConfig>(StageDefinition stage, Func<TConfig, IReadOnlyList<string>> validate)
        where TConfig : new()
    {
        TConfig config;
        try
        {
            config = stage.Config.ValueKind == JsonValueKind.Object
                ? stage.Config.Deserialize<TConfig>(PipelineJson.Options) ?? new TConfig()
                : new TConfig();
        }
        catch (JsonException e)
        {
            throw new ApplicationFailureException($"The {stage.Type} stage's config is not valid: {e.Message}", InvalidConfigErrorType, nonRetryable: true);
        }

        var problems = validate(config);
        return problems.Count == 0
            ? config
            : throw new ApplicationFailureException($"The {stage.Type} stage's config is not valid: {string.Join(" ", problems)}", InvalidConfigErrorType, nonRetryable: true);
    }

    // Publishes each channel at its time (those without one at once) with a durable timer per wait: a worker that dies
    // in between loses nothing, and a reschedule or cancellation wakes the wait and is taken into account.
    private async Task PublishOnScheduleAsync(PipelineInput input, int index, StageDefinition stage)
    {
        var pending = PublishChannelNames.Of(stage.Config).Distinct(StringComparer.Ordinal).ToList();
        while (true)
        {
            pending.RemoveAll(channel => publicationTimes.TryGetValue(channel, out var at) && at is null);
            if (pending.Count == 0)
            {
                return;
            }

            var now = new DateTimeOffset(DateTime.SpecifyKind(Workflow.UtcNow, DateTimeKind.Utc));
            var due = pending.Where(channel => !publicationTimes.TryGetValue(channel, out var at) || at <= now).ToList();
            if (due.Count > 0)
            {
                var outcome = await ExecuteStageAsync(input, index, stage, round: 0, due);
                published |= outcome.Published;
                pending.RemoveAll(due.Contains);
                publishedChannels.UnionWith(due);
                continue;
            }

            var next = pending.Min(channel => publicationTimes[channel]!.Value);
            var seen = publicationScheduleChanges;
            await Workflow.WaitConditionAsync(() => publicationScheduleChanges != seen, next - now);
        }
    }

    private async Task<StageOutcome> ExecuteStageAsync(PipelineInput input, int index, StageDefinition stage, int round, IReadOnlyList<string>? channels = null)
    {
        var invocation = new StageInvocation(input.ProjectId, input.RunId, index, stage.Type, stage.Config, currentVersion, round, channels);
        var outcome = await Workflow.ExecuteActivityAsync<StageOutcome>(stage.Type, [invocation], StageActivityOptions());
        if (outcome.OutputVersion is { } produced && produced != currentVersion)
        {
            currentVersion = produced;
            if (!versions.Contains(produced))
            {
                versions.Add(produced);
            }
        }

        return outcome;
    }

    private async Task RunRewriteLoopAsync(PipelineInput input, int index, StageDefinition stage)
    {
        if (lastGate is not { Passed: false } || lastGateIndex is not { } gateIndex)
        {
            return;
        }

        var config = ParseConfig<RewriteStageConfig>(stage, c => c.Validate());
        var gateStage = input.Definition.Stages[gateIndex];
        for (var round = 1; round <= config.MaxRounds && lastGate is { Passed: false }; round++)
        {
            rewriteRounds = round;
            currentStage = stage.Type;
            currentStageIndex = index;
            await ExecuteStageAsync(input, index, stage, round);

            currentStage = gateStage.Type;
            currentStageIndex = gateIndex;
            var recheck = await ExecuteStageAsync(input, gateIndex, gateStage, round);
            lastGate = recheck.Gate ?? lastGate;
        }

        if (lastGate is { Passed: false })
        {
            await MarkNeedsReviewAsync();
        }
    }

    private async Task<PipelineResult?> RunApprovalAsync(PipelineInput input, int index, StageDefinition stage)
    {
        var config = ParseConfig<ApprovalStageConfig>(stage, c => c.Validate());
        awaitingApproval = true;
        state = PipelineRunState.AwaitingApproval;
        await UpdateRunStateAsync(state, blockedByGates ? NeedsReviewReason() : null);
        await NotifyParentOfWaitAsync();
        NotifyIfPatched(NotificationEvent.AwaitingApproval, blockedByGates ? NeedsReviewReason() : null);

        var decided = config.TimeoutSeconds is { } seconds
            ? await Workflow.WaitConditionAsync(() => pendingDecision is not null, TimeSpan.FromSeconds(seconds))
            : await WaitForDecisionAsync();
        var decision = decided ? pendingDecision! : DecideOnTimeout(config);
        if (decision is null)
        {
            state = PipelineRunState.Escalated;
            var escalation = $"No decision within {config.TimeoutSeconds} s; escalated to a human reviewer.";
            await UpdateRunStateAsync(state, escalation);
            NotifyIfPatched(NotificationEvent.Escalated, escalation);

            // Only definitions naming the option reach the patch, so runs recorded before it replay unchanged.
            if (config.EscalationTimeoutSeconds is { } escalationSeconds && Workflow.Patched(EscalationDeadlinePatch))
            {
                decision = await Workflow.WaitConditionAsync(() => pendingDecision is not null, TimeSpan.FromSeconds(escalationSeconds))
                    ? pendingDecision!
                    : new ApprovalDecision(ApprovalDecisionKind.Reject, "system:escalation-timeout", $"No decision within {escalationSeconds} s of the escalation; the definition auto-rejects.");
            }
            else
            {
                await WaitForDecisionAsync();
                decision = pendingDecision!;
            }
        }

        awaitingApproval = false;
        pendingDecision = null;
        var recorded = await Workflow.ExecuteActivityAsync<ApprovalRecorded>(
            PipelineActivityNames.RecordApproval,
            [new ApprovalRecordRequest(input.ProjectId, input.RunId, index, currentVersion, decision)],
            StageActivityOptions());
        if (decision.Decision == ApprovalDecisionKind.Reject)
        {
            return await FinishAsync(PipelineRunState.Rejected, RejectionReason(decision));
        }

        if (recorded.ResultingVersion is { } resulting && resulting != currentVersion)
        {
            currentVersion = resulting;
            versions.Add(resulting);
        }

        // A human's approval (or an edit) overrides failed gates: that is what review is for.
        blockedByGates = false;
        state = PipelineRunState.Running;
        await UpdateRunStateAsync(state, reason: null);
        return null;
    }

    private static string RejectionReason(ApprovalDecision decision) =>
        string.IsNullOrWhiteSpace(decision.Reason) ? "Rejected without a reason." : decision.Reason;

    // Content whose gates still fail waits here, before stage `index` (or the end), for a reviewer: approve lets it go on,
    // an edit goes through the gates again (and waits again if they still fail), a rejection ends the run.
    private async Task<PipelineResult?> ReviewBlockedDraftAsync(PipelineInput input, int index)
    {
        // Runs recorded before the review queue ended here.
        if (!Workflow.Patched(ReviewQueuePatch))
        {
            currentStage = null;
            currentStageIndex = null;
            return await FinishAsync(PipelineRunState.NeedsReview, NeedsReviewReason());
        }

        while (blockedByGates)
        {
            var decision = await AwaitReviewAsync(input, index, NeedsReviewReason());
            if (decision.Decision == ApprovalDecisionKind.Reject)
            {
                return await FinishAsync(PipelineRunState.Rejected, RejectionReason(decision));
            }

            if (decision.Decision == ApprovalDecisionKind.Edit && lastGateIndex is { } gateIndex)
            {
                var gateStage = input.Definition.Stages[gateIndex];
                currentStage = gateStage.Type;
                currentStageIndex = gateIndex;
                var recheck = await ExecuteStageAsync(input, gateIndex, gateStage, ReviewRecheckRoundBase + reviewRound);
                lastGate = recheck.Gate ?? lastGate;
                blockedByGates = lastGate is { Passed: false };
            }
            else
            {
                blockedByGates = false;
            }
        }

        state = PipelineRunState.Running;
        await UpdateRunStateAsync(state, reason: null);
        return null;
    }

    // Stops for a reviewer's decision on a needs-review run and records it (an edit becomes the current version).
    private async Task<ApprovalDecision> AwaitReviewAsync(PipelineInput input, int index, string reason)
    {
        reviewRound++;
        currentStage = "review";
        currentStageIndex = index;
        awaitingApproval = true;
        awaitingReview = true;
        state = PipelineRunState.NeedsReview;
        await UpdateRunStateAsync(state, reason);
        await NotifyParentOfWaitAsync();
        NotifyIfPatched(NotificationEvent.AwaitingApproval, reason);
        await WaitForDecisionAsync();
        var decision = pendingDecision!;
        awaitingApproval = false;
        awaitingReview = false;
        pendingDecision = null;
        var recorded = await Workflow.ExecuteActivityAsync<ApprovalRecorded>(
            PipelineActivityNames.RecordApproval,
            [new ApprovalRecordRequest(input.ProjectId, input.RunId, index, currentVersion, decision, reviewRound)],
            StageActivityOptions());
        if (recorded.ResultingVersion is { } resulting && resulting != currentVersion)
        {
            currentVersion = resulting;
            versions.Add(resulting);
        }

        return decision;
    }

    // A batch counts its running children against its concurrency; one waiting for a person tells it so, once, and the
    // batch starts another in its place. A parent that has closed cannot be told and no longer counts anything.
    private async Task NotifyParentOfWaitAsync()
    {
        if (parentNotified || Workflow.Info.Parent is not { } parent || !Workflow.Patched(ReleaseBatchSlotPatch))
        {
            return;
        }

        parentNotified = true;
        try
        {
            await Workflow.GetExternalWorkflowHandle(parent.WorkflowId).SignalAsync(ItemAwaitingPersonSignal, [Workflow.Info.WorkflowId]);
        }
        catch (FailureException e)
        {
            Workflow.Logger.LogWarning(e, "Could not tell parent {ParentId} that this run waits for a person.", parent.WorkflowId);
        }
    }

    // A retry starts at the failed stage with the state the stages before it left: their versions, gate and publication.
    private int ApplyRetrySeed(RetrySeed retry)
    {
        foreach (var reused in retry.Reused.OrderBy(r => r.Round).ThenBy(r => r.StageIndex))
        {
            var outcome = reused.Outcome;
            if (outcome.OutputVersion is { } produced)
            {
                currentVersion = produced;
                if (!versions.Contains(produced))
                {
                    versions.Add(produced);
                }
            }

            if (outcome.Gate is { } gate)
            {
                lastGate = gate;
                lastGateIndex = reused.StageIndex;
            }

            if (outcome.StageType == PipelineStageTypes.Rewrite)
            {
                rewriteRounds = Math.Max(rewriteRounds, reused.Round);
            }

            published |= outcome.Published;
        }

        return retry.FromStageIndex;
    }

    private async Task<bool> WaitForDecisionAsync()
    {
        await Workflow.WaitConditionAsync(() => pendingDecision is not null);
        return true;
    }

    // Null means "escalate": keep waiting for a person.
    private ApprovalDecision? DecideOnTimeout(ApprovalStageConfig config)
    {
        switch (config.OnTimeout)
        {
            case ApprovalTimeoutAction.AutoReject:
                return new ApprovalDecision(ApprovalDecisionKind.Reject, "system:approval-timeout", $"No decision within {config.TimeoutSeconds} s; the definition auto-rejects.");
            case ApprovalTimeoutAction.AutoApproveAboveScore
                when !blockedByGates && lastGate is { Passed: true } gate && gate.Score >= config.AutoApproveMinScore:
                return new ApprovalDecision(ApprovalDecisionKind.Approve, "system:approval-timeout", $"No decision within {config.TimeoutSeconds} s; score {gate.Score} ≥ {config.AutoApproveMinScore} auto-approves.");
            default:
                return null;
        }
    }

    private async Task MarkNeedsReviewAsync()
    {
        blockedByGates = true;
        state = PipelineRunState.NeedsReview;
        await UpdateRunStateAsync(state, NeedsReviewReason());
    }

    private string NeedsReviewReason() =>
        $"Quality gates still fail (score {lastGate?.Score}) after {rewriteRounds} rewrite round(s): {string.Join(", ", lastGate?.IssueCodes ?? [])}.";

    private async Task<PipelineResult> FinishAsync(PipelineRunState finalState, string? reason)
    {
        state = finalState;
        awaitingApproval = false;
        await UpdateRunStateAsync(finalState, reason);

        // No notification is dropped by the run's end: each completes (delivered or given up on) first.
        await Workflow.WhenAllAsync(notifications);
        return new PipelineResult(finalState, currentVersion, lastGate?.Score, reason, versions.ToArray());
    }

    private static string FailureReason(FailureException failure)
    {
        Exception innermost = failure;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        var message = innermost.Message.Length <= 1000 ? innermost.Message : innermost.Message[..1000];
        return failure is ActivityFailureException activity ? $"The {activity.ActivityType} stage failed: {message}" : $"The workflow failed: {message}";
    }

    // The send starts here and runs beside what follows (a reviewer's wait); FinishAsync awaits it.
    private void NotifyIfPatched(NotificationEvent kind, string? reason)
    {
        if (Workflow.Patched(WorkflowNotifications.Patch))
        {
            Notify(kind, reason, JsonNamingPolicy.KebabCaseLower.ConvertName(state.ToString()));
        }
    }

    private void Notify(NotificationEvent kind, string? reason, string runState) =>
        notifications.Add(WorkflowNotifications.SendAsync(new NotificationRequest(Workflow.NewGuid(), kind, projectId, runId, BatchId: null, runState, reason)));

    private Task UpdateRunStateAsync(PipelineRunState newState, string? reason) =>
        Workflow.ExecuteActivityAsync(
            PipelineActivityNames.UpdateRunState,
            [new RunStateUpdate(runId, newState, currentVersion, reason)],
            StageActivityOptions());
}
