using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Workflows.Batches;

/// <summary>
/// Runs one <see cref="PipelineWorkflow"/> child per dataset item and language, a bounded number at a time. Items come
/// from the dataset in pages (ids and briefs, never the dataset), the master language first and the others once the
/// master succeeded. Before a run's history could pass its budget, the run stops starting children, lets the running
/// ones finish, records every outcome and continues as new with the cursor, the counters and the failed units.
/// </summary>
[Workflow("BatchWorkflow")]
public sealed class BatchWorkflow
{
    private const string InvalidInputErrorType = "InvalidBatchInput";

    // Patches: histories recorded before them neither cancelled running children nor started translations from the master.
    private const string CancelChildrenPatch = "batch-cancel-running-children";
    private const string TranslateFromMasterPatch = "batch-translate-from-master";

    // Histories recorded before it budgeted by the upper-bound estimate below, which is about three times the real
    // length with many children in flight: runs continued as new (and drained their children) three times as often.
    private const string HistoryLengthPatch = "batch-budget-by-history-length";

    // Upper bounds of the events each action adds to a run's history, assuming every completion wakes a workflow task of
    // its own (3 events): what is still to come is budgeted by them, and so was everything before the length patch.
    private const int StartEvents = 4;
    private const int ActivityEvents = 6;
    private const int ChildEvents = 9;
    private const int SignalEvents = 4;
    private const int TimerEvents = 5;

    // Kept free at all times: the final record activity, the closing event and a few signals arriving while draining.
    private const int WrapUpReserve = ActivityEvents + 1 + (10 * SignalEvents);

    private readonly Queue<BatchUnit> queued = new();
    private readonly Queue<BatchItemTicket> ready = new();
    private readonly List<BatchItemOutcome> unrecorded = [];
    private readonly List<BatchUnit> failedUnits = [];

    // Children started and not ended, and those of them waiting for a person: these do not count against MaxInFlight.
    private readonly HashSet<string> activeChildren = [];
    private readonly HashSet<string> waitingForPeople = [];
    private CancellationTokenSource? childrenCancellation;
    private BatchInput input = null!;
    private BatchOptions options = new();
    private int nextItemIndex;
    private int completed;
    private int failed;
    private int awaitingReview;
    private int rejected;
    private int skipped;
    private int cancelled;
    private int running;
    private decimal cost;
    private bool paused;
    private bool cancelRequested;
    private bool retryRequested;
    private bool continueAsNewDue;
    private bool wake;
    private Exception? childFault;
    private DateTime startedAt;
    private int runNumber = 1;
    private int estimatedEvents = StartEvents;
    private bool? budgetByHistoryLength;

    /// <summary>Gets the batch's progress: counts, cost so far and an ETA from the observed rate.</summary>
    [WorkflowQuery("progress")]
    public BatchProgress Progress
    {
        get
        {
            var total = Total;
            var finished = Finished;
            var elapsed = Workflow.UtcNow - startedAt;
            double? perMinute = finished > 0 && elapsed > TimeSpan.Zero ? finished / elapsed.TotalMinutes : null;
            var remaining = Math.Max(0, total - finished - cancelled);
            TimeSpan? eta = perMinute is { } rate ? TimeSpan.FromMinutes(remaining / rate) : null;
            return new BatchProgress(
                total,
                completed,
                failed,
                awaitingReview,
                rejected,
                skipped,
                running - waitingForPeople.Count,
                Math.Max(0, remaining - running),
                paused,
                cancelRequested,
                cost,
                perMinute,
                eta,
                runNumber,
                estimatedEvents,
                waitingForPeople.Count);
        }
    }

    private int Total => input is null ? 0 : input.ItemCount * input.Languages.Count;

    private int Finished => completed + failed + awaitingReview + rejected + skipped;

    private string MasterLanguage => input.Languages[0];

    /// <summary>Runs the batch (or its next run after continue-as-new).</summary>
    /// <param name="input">Ids, the pinned definition, languages, counts, options and the carried state.</param>
    /// <returns>The counts when every unit has ended (or the batch was cancelled).</returns>
    [WorkflowRun]
    public async Task<BatchResult> RunAsync(BatchInput input)
    {
        var result = await RunBatchAsync(input);

        // Only the run that ends the batch gets here (a continue-as-new leaves by exception). Batches recorded before
        // notifications ended without one.
        if (Workflow.Patched(WorkflowNotifications.Patch))
        {
            await WorkflowNotifications.SendAsync(new NotificationRequest(
                Workflow.NewGuid(), NotificationEvent.BatchFinished, input.ProjectId, RunId: null, input.BatchId, result.WasCancelled ? "cancelled" : "completed", Reason: null, result));
        }

        return result;
    }

    private async Task<BatchResult> RunBatchAsync(BatchInput input)
    {
        // Cancelling the batch workflow itself still cancels the children, as the default token did.
        childrenCancellation = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        Restore(input);
        while (true)
        {
            // Reset first: anything that happens from here on wakes the wait at the bottom.
            wake = false;
            if (childFault is { } fault)
            {
                // A bug, not a Temporal failure: failing the workflow task lets a fixed worker carry on.
                throw new InvalidOperationException("A child pipeline's outcome could not be handled.", fault);
            }

            ApplyRetryRequest();
            if (!paused && !cancelRequested && !continueAsNewDue)
            {
                await FillAsync();
            }

            if (unrecorded.Count >= options.ResultFlushSize || (unrecorded.Count > 0 && running == 0))
            {
                await FlushAsync();
                continue;
            }

            if (running == 0 && unrecorded.Count == 0)
            {
                if (cancelRequested)
                {
                    return Result(wasCancelled: true);
                }

                var nothingLeft = queued.Count == 0 && ready.Count == 0 && nextItemIndex >= input.ItemCount && !retryRequested;
                if (nothingLeft && (failedUnits.Count == 0 || options.RetryWindowSeconds == 0))
                {
                    return Result(wasCancelled: false);
                }

                // Also when nothing runs (paused, or waiting for a retry), signals alone can use the budget up.
                if (continueAsNewDue || !CanAfford(ChildEvents + TimerEvents))
                {
                    throw ContinueAsNew();
                }

                if (nothingLeft)
                {
                    // Failures remain: stay open for a fix and a retry-failed, for a while.
                    estimatedEvents += TimerEvents;
                    if (!await Workflow.WaitConditionAsync(() => retryRequested || cancelRequested, TimeSpan.FromSeconds(options.RetryWindowSeconds)))
                    {
                        return Result(wasCancelled: false);
                    }

                    continue;
                }
            }

            await Workflow.WaitConditionAsync(() => wake);
        }
    }

    /// <summary>Stops starting children; running ones finish.</summary>
    /// <returns>A completed task.</returns>
    [WorkflowSignal("pause")]
    public Task PauseAsync()
    {
        paused = true;
        NoteSignal();
        return Task.CompletedTask;
    }

    /// <summary>Starts children again after a pause.</summary>
    /// <returns>A completed task.</returns>
    [WorkflowSignal("resume")]
    public Task ResumeAsync()
    {
        paused = false;
        NoteSignal();
        return Task.CompletedTask;
    }

    /// <summary>Starts no more children, cancels the running ones and ends the batch once their outcomes are recorded.</summary>
    /// <returns>A completed task.</returns>
    [WorkflowSignal("cancel")]
    public Task CancelAsync()
    {
        if (!cancelRequested)
        {
            cancelRequested = true;
            if (Workflow.Patched(CancelChildrenPatch))
            {
                // Each running child gets one cancel request (one more event each); each ends cancelled or, when it
                // finished meanwhile, as it ended, and is recorded once either way.
                estimatedEvents += 1 + (running * 2);
                childrenCancellation?.Cancel();
            }
        }

        NoteSignal();
        return Task.CompletedTask;
    }

    /// <summary>Runs the failed units again, each as a new attempt with a child id of its own.</summary>
    /// <returns>A completed task.</returns>
    [WorkflowSignal("retry-failed")]
    public Task RetryFailedAsync()
    {
        retryRequested = true;
        NoteSignal();
        return Task.CompletedTask;
    }

    /// <summary>A child tells the batch it waits for a reviewer, so its generation slot goes to the next unit.</summary>
    /// <param name="childWorkflowId">The waiting child's workflow id.</param>
    /// <returns>A completed task.</returns>
    [WorkflowSignal(PipelineWorkflow.ItemAwaitingPersonSignal)]
    public Task ItemAwaitingPersonAsync(string childWorkflowId)
    {
        if (childWorkflowId is not null && activeChildren.Contains(childWorkflowId))
        {
            waitingForPeople.Add(childWorkflowId);
        }

        NoteSignal();
        return Task.CompletedTask;
    }

    private static ActivityOptions BatchActivityOptions() => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            MaximumInterval = TimeSpan.FromSeconds(30),
        },
    };

    private static string Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is { } inner)
        {
            current = inner;
        }

        var message = current.Message;
        return message.Length <= 500 ? message : message[..500];
    }

    private void NoteSignal()
    {
        estimatedEvents += SignalEvents;
        wake = true;
    }

    private void Restore(BatchInput batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        input = batch;
        options = batch.Options ?? new BatchOptions();
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ApplicationFailureException(e.Message, InvalidInputErrorType, nonRetryable: true);
        }

        if (batch.Languages.Count == 0 || batch.Languages.Distinct(StringComparer.OrdinalIgnoreCase).Count() != batch.Languages.Count || batch.ItemCount < 0)
        {
            throw new ApplicationFailureException(
                $"A batch needs one or more distinct languages and a non-negative item count (was [{string.Join(", ", batch.Languages)}], {batch.ItemCount}).",
                InvalidInputErrorType,
                nonRetryable: true);
        }

        if (batch.Carried is not { } carried)
        {
            startedAt = Workflow.UtcNow;
            return;
        }

        nextItemIndex = carried.NextItemIndex;
        completed = carried.Completed;
        failed = carried.Failed;
        awaitingReview = carried.AwaitingReview;
        rejected = carried.Rejected;
        skipped = carried.Skipped;
        cost = carried.Cost;
        failedUnits.AddRange(carried.FailedUnits);
        foreach (var unit in carried.Pending)
        {
            queued.Enqueue(unit);
        }

        paused = carried.Paused;
        startedAt = carried.StartedAt;
        runNumber = carried.RunNumber + 1;
    }

    private bool CanAfford(int events)
    {
        budgetByHistoryLength ??= Workflow.Patched(HistoryLengthPatch);

        // The history's real length so far, plus what the running children (some started in this very task) can
        // still add at most; the estimate where the recorded history predates the patch.
        var used = budgetByHistoryLength.Value ? Workflow.CurrentHistoryLength + (running * ChildEvents) : estimatedEvents;
        return used + events + WrapUpReserve <= options.HistoryEventBudget;
    }

    private void ApplyRetryRequest()
    {
        if (!retryRequested || cancelRequested)
        {
            return;
        }

        retryRequested = false;
        foreach (var unit in failedUnits)
        {
            failed--;

            // A translation that never ran because its master failed comes back when the retried master succeeds.
            if (unit.Language != MasterLanguage && unit.TranslateFrom is null)
            {
                continue;
            }

            queued.Enqueue(unit with { Attempt = unit.Attempt + 1 });
        }

        failedUnits.Clear();
    }

    private async Task FillAsync()
    {
        while (running - waitingForPeople.Count < options.MaxInFlight && !paused && !cancelRequested)
        {
            if (ready.Count == 0)
            {
                if (queued.Count == 0 && nextItemIndex < input.ItemCount)
                {
                    var end = Math.Min(input.ItemCount, nextItemIndex + options.PageSize);
                    for (var index = nextItemIndex; index < end; index++)
                    {
                        queued.Enqueue(new BatchUnit(index, MasterLanguage, 0));
                    }

                    nextItemIndex = end;
                }

                if (queued.Count == 0)
                {
                    return;
                }

                if (!CanAfford(ActivityEvents + ChildEvents))
                {
                    continueAsNewDue = true;
                    return;
                }

                await PrepareAsync();
                continue;
            }

            if (!CanAfford(ChildEvents))
            {
                continueAsNewDue = true;
                return;
            }

            // Not awaited: the child reports its outcome through the shared state and wakes the main loop.
            _ = RunChildAsync(ready.Dequeue());
        }
    }

    private async Task PrepareAsync()
    {
        var units = new List<BatchUnit>();
        while (units.Count < options.PageSize && queued.TryDequeue(out var unit))
        {
            units.Add(unit);
        }

        estimatedEvents += ActivityEvents;
        var tickets = await Workflow.ExecuteActivityAsync<IReadOnlyList<BatchItemTicket>>(
            BatchActivityNames.PrepareUnits,
            [new PrepareUnitsRequest(input.ProjectId, input.BatchId, input.DatasetId, input.Definition.DefinitionId, input.Definition.Version, units)],
            BatchActivityOptions());
        var prepared = new HashSet<(int, string)>();
        foreach (var ticket in tickets)
        {
            prepared.Add((ticket.Unit.ItemIndex, ticket.Unit.Language));
            ready.Enqueue(ticket);
        }

        foreach (var missing in units.Where(u => !prepared.Contains((u.ItemIndex, u.Language))))
        {
            Complete(new BatchItemOutcome(missing, null, null, BatchItemStatus.Failed, null, null, $"Dataset item {missing.ItemIndex} does not exist."));
        }
    }

    private async Task FlushAsync()
    {
        var outcomes = unrecorded.ToList();
        unrecorded.Clear();
        estimatedEvents += ActivityEvents;
        var recorded = await Workflow.ExecuteActivityAsync<RecordedResults>(
            BatchActivityNames.RecordResults,
            [new RecordResultsRequest(input.BatchId, outcomes)],
            BatchActivityOptions());
        cost += recorded.Cost;
    }

    private async Task RunChildAsync(BatchItemTicket ticket)
    {
        running++;
        estimatedEvents += ChildEvents;
        var unit = ticket.Unit;
        var id = BatchChildIds.For(input.BatchId, unit);
        activeChildren.Add(id);
        BatchItemOutcome outcome;
        try
        {
            var definition = unit.TranslateFrom is { } source && Workflow.Patched(TranslateFromMasterPatch)
                ? BatchTranslationDefinition.Derive(input.Definition, source, unit.Language)
                : input.Definition;
            var childInput = new PipelineInput(input.ProjectId, ticket.RunId, definition, ticket.Brief, unit.TranslateFrom);
            var handle = await Workflow.StartChildWorkflowAsync(
                (PipelineWorkflow wf) => wf.RunAsync(childInput),
                new ChildWorkflowOptions
                {
                    Id = id,
                    TaskQueue = options.ChildTaskQueue,
                    CancellationToken = childrenCancellation?.Token,

                    // Runs drain before continuing as new, so this only matters when the batch is terminated: stop the pipelines too.
                    ParentClosePolicy = ParentClosePolicy.RequestCancel,
                });
            var result = await handle.GetResultAsync();
            var status = result.State switch
            {
                PipelineRunState.Published or PipelineRunState.Completed => BatchItemStatus.Completed,
                PipelineRunState.Rejected => BatchItemStatus.Rejected,
                _ => BatchItemStatus.NeedsReview,
            };
            outcome = new BatchItemOutcome(unit, id, ticket.RunId, status, result.FinalVersion, result.Score, result.Reason);
        }
        catch (ChildWorkflowFailureException e) when (e.InnerException is CanceledFailureException)
        {
            outcome = new BatchItemOutcome(unit, id, ticket.RunId, BatchItemStatus.Cancelled, null, null, "The pipeline was cancelled.");
        }
        catch (TemporalException e)
        {
            outcome = new BatchItemOutcome(unit, id, ticket.RunId, BatchItemStatus.Failed, null, null, Innermost(e));
        }
#pragma warning disable CA1031 // The task is not awaited: any other exception is handed to the main loop, which fails the workflow task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            childFault = e;
            EndChild(id);
            wake = true;
            return;
        }

        EndChild(id);
        Complete(outcome);
        wake = true;
    }

    private void EndChild(string id)
    {
        running--;
        activeChildren.Remove(id);
        waitingForPeople.Remove(id);
    }

    private void Complete(BatchItemOutcome outcome)
    {
        unrecorded.Add(outcome);
        var unit = outcome.Unit;
        var isMaster = unit.Language == MasterLanguage;
        switch (outcome.Status)
        {
            case BatchItemStatus.Completed:
                completed++;
                if (isMaster && outcome.RunId is { } masterRunId)
                {
                    foreach (var language in input.Languages.Skip(1))
                    {
                        queued.Enqueue(new BatchUnit(unit.ItemIndex, language, 0, new TranslationSource(masterRunId, MasterLanguage, outcome.FinalVersion)));
                    }
                }

                break;
            case BatchItemStatus.NeedsReview or BatchItemStatus.Rejected:
                if (outcome.Status == BatchItemStatus.NeedsReview)
                {
                    awaitingReview++;
                }
                else
                {
                    rejected++;
                }

                if (isMaster)
                {
                    foreach (var language in input.Languages.Skip(1))
                    {
                        skipped++;
                        unrecorded.Add(new BatchItemOutcome(new BatchUnit(unit.ItemIndex, language, 0), null, null, BatchItemStatus.Skipped, null, null, $"The {MasterLanguage} master ended {outcome.Status}: nothing approved to translate."));
                    }
                }

                break;
            case BatchItemStatus.Failed:
                failed++;
                failedUnits.Add(unit);
                if (isMaster)
                {
                    foreach (var language in input.Languages.Skip(1))
                    {
                        var blocked = new BatchUnit(unit.ItemIndex, language, 0);
                        failed++;
                        failedUnits.Add(blocked);
                        unrecorded.Add(new BatchItemOutcome(blocked, null, null, BatchItemStatus.Failed, null, null, $"The {MasterLanguage} master failed."));
                    }
                }

                break;
            default:
                cancelled++;
                break;
        }
    }

    private ContinueAsNewException ContinueAsNew()
    {
        var pending = ready.Select(t => t.Unit).Concat(queued).ToList();
        Workflow.Logger.LogInformation(
            "Batch {BatchId} run {RunNumber} continues as new after about {Events} events: {Finished} of {Total} units ended, {Pending} pending.",
            input.BatchId,
            runNumber,
            estimatedEvents,
            Finished,
            Total,
            pending.Count);
        var carried = new BatchCarriedState(nextItemIndex, completed, failed, awaitingReview, rejected, skipped, cost, failedUnits.ToList(), pending, paused, startedAt, runNumber);
        var next = input with { Carried = carried };
        return Workflow.CreateContinueAsNewException((BatchWorkflow wf) => wf.RunAsync(next));
    }

    private BatchResult Result(bool wasCancelled)
    {
        var notStarted = wasCancelled ? Math.Max(0, Total - Finished - cancelled) : 0;
        return new BatchResult(Total, completed, failed, awaitingReview, rejected, skipped, cancelled + notStarted, cost, wasCancelled, runNumber);
    }
}
