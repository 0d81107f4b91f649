using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Workflow updates as Temporal serves them: admitted in memory, delivered as protocol messages on a
/// (speculative when possible) workflow task, accepted and completed through history events, rejected
/// without a trace; callers long-poll for the stage they asked for.
/// </summary>
internal sealed partial class ServerEngine
{
    /// <summary>Temporal's LongPollExpirationInterval: past it a waiting caller gets the stage reached so far.</summary>
    private static readonly TimeSpan UpdateLongPollTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Temporal's DiscardSpeculativeWorkflowTaskMaximumEventsCount.</summary>
    private const int DiscardSpeculativeWorkflowTaskMaximumEvents = 10;

    /// <summary>Temporal refuses updates while the workflow task keeps failing (failUpdateWorkflowTaskAttemptCount).</summary>
    private const int FailUpdateWorkflowTaskAttempt = 3;

    public async Task<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var stage = ValidateUpdateRequest(request.WorkflowExecution, request.Request, request.WaitPolicy);
        var until = UpdateWaitUntil(deadline);
        while (true)
        {
            var (run, update) = await MutateAsync(m =>
            {
                var ns = GetNamespace(request.Namespace);
                var run = GetRun(ns, request.WorkflowExecution);
                if (!string.IsNullOrEmpty(request.FirstExecutionRunId) && run.Started.FirstExecutionRunId != request.FirstExecutionRunId)
                {
                    throw new GrpcException(GrpcStatusCode.NotFound, "workflow execution not found", new NotFoundFailure());
                }

                return (run, AdmitUpdate(run, request.Request, m));
            }).ConfigureAwait(false);
            var status = await WaitForUpdateStageAsync(update, stage, until, deadline, cancellationToken).ConfigureAwait(false);

            // Not yet accepted when the run continued as new: Temporal retries it on the new run.
            if (status.State == WorkflowUpdateState.MovedToNewRun && string.IsNullOrEmpty(request.WorkflowExecution.RunId))
            {
                continue;
            }

            return UpdateResponse(run, update.Id, status);
        }
    }

    public async Task<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (request.UpdateRef is null)
        {
            throw InvalidArgument("UpdateRef is not set on request.");
        }

        WorkflowRun run;
        WorkflowUpdate update;
        lock (_gate)
        {
            run = GetRun(GetNamespace(request.Namespace), request.UpdateRef.WorkflowExecution);
            update = run.Updates.Find(request.UpdateRef.UpdateId)
                ?? throw new GrpcException(GrpcStatusCode.NotFound, $"update \"{request.UpdateRef.UpdateId}\" not found", new NotFoundFailure());
        }

        var stage = request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Unspecified;
        var status = await WaitForUpdateStageAsync(update, stage, UpdateWaitUntil(deadline), deadline, cancellationToken).ConfigureAwait(false);
        var response = UpdateResponse(run, update.Id, status);
        return new PollWorkflowExecutionUpdateResponse { Outcome = response.Outcome, Stage = response.Stage, UpdateRef = response.UpdateRef };
    }

    /// <summary>The frontend's checks (prepareUpdateWorkflowRequest); returns the stage to wait for.</summary>
    private static UpdateWorkflowExecutionLifecycleStage ValidateUpdateRequest(Temporalio.Api.Common.V1.WorkflowExecution? execution, Request? request, WaitPolicy? waitPolicy)
    {
        if (string.IsNullOrEmpty(execution?.WorkflowId))
        {
            throw InvalidArgument("WorkflowId is not set on request.");
        }

        if (request?.Meta is null)
        {
            throw InvalidArgument("Update meta is not set on request.");
        }

        if (request.Meta.UpdateId.Length > MaxIdLength)
        {
            throw InvalidArgument("UpdateId length exceeds limit.");
        }

        if (request.Meta.UpdateId.Length == 0)
        {
            request.Meta.UpdateId = Guid.NewGuid().ToString();
        }

        if (request.Input is null)
        {
            throw InvalidArgument("Update input is not set on request.");
        }

        if (string.IsNullOrEmpty(request.Input.Name))
        {
            throw InvalidArgument("Update name is not set on request.");
        }

        var stage = waitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Unspecified;
        if (stage == UpdateWorkflowExecutionLifecycleStage.Unspecified)
        {
            stage = UpdateWorkflowExecutionLifecycleStage.Completed;
        }

        if (stage == UpdateWorkflowExecutionLifecycleStage.Admitted)
        {
            throw new GrpcException(GrpcStatusCode.PermissionDenied, "UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported.");
        }

        return stage;
    }

    /// <summary>Finds the update by id or admits it; a new one gets a speculative workflow task unless a task is already pending.</summary>
    private WorkflowUpdate AdmitUpdate(WorkflowRun run, Request request, Mutation m)
    {
        var existing = run.Updates.Find(request.Meta.UpdateId);
        if (!run.IsOpen)
        {
            // Repeated requests for an update the closed run knew get its result; anything else is too late.
            return existing
                ?? throw new GrpcException(GrpcStatusCode.NotFound, "workflow execution already completed", new NotFoundFailure());
        }

        if (existing is not null)
        {
            return existing;
        }

        if (run.WorkflowTask is { Attempt: >= FailUpdateWorkflowTaskAttempt })
        {
            throw new GrpcException(GrpcStatusCode.FailedPrecondition, "Unable to perform workflow execution update due to Workflow Task in failed state.", new WorkflowNotReadyFailure());
        }

        CheckBlob(request.Input.Args, "Update input");
        var update = run.Updates.Admit(request.Meta.UpdateId, request);
        ScheduleSpeculativeWorkflowTask(run, m);
        return update;
    }

    /// <summary>Creates a workflow task that ships only updates: its events stay out of history unless it changes the run.</summary>
    private void ScheduleSpeculativeWorkflowTask(WorkflowRun run, Mutation m)
    {
        if (!run.IsOpen || run.WorkflowTask is not null || run.FirstWorkflowTaskBackoffPending || !run.Updates.HasAdmitted)
        {
            return;
        }

        var scheduled = NewEvent(EventType.WorkflowTaskScheduled);
        scheduled.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
        {
            TaskQueue = new TaskQueue { Name = run.TaskQueueName, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = run.Started.WorkflowTaskTimeout ?? Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        };
        run.ScheduleSpeculativeWorkflowTask(scheduled);
        m.Dispatch(new TaskQueueKey(run.Namespace.Id, run.TaskQueueName, TaskCategory.Workflow), new DispatchedTask(run.Key, scheduled.EventId, 1));
    }

    private DateTimeOffset UpdateWaitUntil(DateTimeOffset? deadline)
    {
        var until = WallNow + UpdateLongPollTimeout;
        return deadline is { } d && d < until ? d : until;
    }

    /// <summary>Waits until the update reaches <paramref name="stage"/>, ends, or time runs out (Temporal's WaitLifecycleStage).</summary>
    private async Task<WorkflowUpdateStatus> WaitForUpdateStageAsync(WorkflowUpdate update, UpdateWorkflowExecutionLifecycleStage stage, DateTimeOffset until, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            WorkflowUpdateStatus status;
            Task changed;
            lock (_gate)
            {
                status = update.Published;
                changed = update.Changed;
            }

            var reached = status.IsFinal || stage switch
            {
                UpdateWorkflowExecutionLifecycleStage.Completed => false,
                UpdateWorkflowExecutionLifecycleStage.Accepted => status.IsAcceptedOrLater,
                _ => true,
            };
            var remaining = until - WallNow;
            if (reached || remaining <= TimeSpan.Zero)
            {
                // The caller's own deadline passing is an error, as on Temporal; the server's soft timeout is not.
                if (!reached && deadline is { } d && d <= until)
                {
                    throw new GrpcException(GrpcStatusCode.DeadlineExceeded, "context deadline exceeded");
                }

                return status;
            }

            try
            {
                await changed.WaitAsync(remaining, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop once more: answer with the stage reached so far.
            }
        }
    }

    private static UpdateWorkflowExecutionResponse UpdateResponse(WorkflowRun run, string updateId, WorkflowUpdateStatus status)
    {
        if (status.Error is not null)
        {
            throw status.Error;
        }

        return new UpdateWorkflowExecutionResponse
        {
            UpdateRef = new UpdateRef { WorkflowExecution = run.Execution, UpdateId = updateId },
            Outcome = status.State == WorkflowUpdateState.Completed ? status.Outcome : null,
            Stage = status.State switch
            {
                WorkflowUpdateState.Completed => UpdateWorkflowExecutionLifecycleStage.Completed,
                WorkflowUpdateState.Accepted => UpdateWorkflowExecutionLifecycleStage.Accepted,
                _ => UpdateWorkflowExecutionLifecycleStage.Admitted,
            },
        };
    }

    /// <summary>Makes the run's update changes visible to callers once the operation is durable.</summary>
    private void PublishUpdatesAfterCommit(WorkflowRun run, Mutation m) => m.AfterCommit.Add(() =>
    {
        lock (_gate)
        {
            run.Updates.PublishAll();
        }
    });

    /// <summary>
    /// A run closes: updates not yet accepted fail with Temporal's errors (or move to the next run when
    /// it continues); accepted ones complete with the failure Temporal reports for them.
    /// </summary>
    private void AbortUpdatesOnClose(WorkflowRun run, HistoryEvent closeEvent, Mutation m)
    {
        if (run.HasSpeculativeWorkflowTask)
        {
            run.DiscardSpeculativeWorkflowTask();
        }

        var continuing = closeEvent.WorkflowExecutionContinuedAsNewEventAttributes is not null
            || !string.IsNullOrEmpty(closeEvent.WorkflowExecutionFailedEventAttributes?.NewExecutionRunId)
            || !string.IsNullOrEmpty(closeEvent.WorkflowExecutionTimedOutEventAttributes?.NewExecutionRunId);
        foreach (var update in run.Updates.InFlight.ToList())
        {
            if (update.Status.State == WorkflowUpdateState.Accepted)
            {
                run.Updates.SetStatus(update, new WorkflowUpdateStatus(WorkflowUpdateState.Completed, new Outcome { Failure = AcceptedUpdateCompletedWorkflowFailure() }));
                continue;
            }

            run.Updates.Forget(update);
            run.Updates.SetStatus(update, continuing
                ? WorkflowUpdateStatus.MovedToNewRun
                : new WorkflowUpdateStatus(WorkflowUpdateState.Aborted, Error: new GrpcException(GrpcStatusCode.NotFound, "workflow update was aborted by closing workflow", new NotFoundFailure())));
        }

        PublishUpdatesAfterCommit(run, m);
    }

    private static Failure AcceptedUpdateCompletedWorkflowFailure() => new()
    {
        Message = "Workflow Update failed because the Workflow completed before the Update completed.",
        Source = "Server",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = "AcceptedUpdateCompletedWorkflow", NonRetryable = true },
    };

    private static Failure UnprocessedUpdateFailure() => new()
    {
        Message = "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
        Source = "Server",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = "UnprocessedUpdate", NonRetryable = true },
    };
}
