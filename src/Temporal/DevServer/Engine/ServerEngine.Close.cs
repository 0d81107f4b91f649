using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Closing runs: completion, failure with workflow retries, continue-as-new, timeouts, termination, and what a close sets off.</summary>
internal sealed partial class ServerEngine
{
    /// <summary>Writes the close event and carries out its consequences: parent notified, children handled, waiters released.</summary>
    private void CloseRun(WorkflowRun run, HistoryEvent closeEvent, Mutation m, bool notifyParent = true)
    {
        AbortUpdatesOnClose(run, closeEvent, m);
        var pendingChildren = run.Children.Values.ToList();
        var queries = run.BufferedQueries.Concat(run.InFlightQueries).ToList();
        run.BufferedQueries.Clear();
        run.InFlightQueries.Clear();
        run.Append(closeEvent);
        m.Touch(run);
        DropCallbacks(run);
        foreach (var query in queries)
        {
            // Queries waiting on a task that will never come are answered by replaying the closed run.
            DispatchQueryTask(run, query, m);
        }

        if (notifyParent)
        {
            NotifyParent(run, closeEvent, m);
        }

        ApplyParentClosePolicy(run, pendingChildren, m);
        OnScheduledRunClosed(run, closeEvent, m);
    }

    private void FailRun(WorkflowRun run, Failure failure, long completedEventId, Mutation m)
    {
        var (retryState, interval) = WorkflowRetry(run, failure);
        var failed = NewEvent(EventType.WorkflowExecutionFailed);
        failed.WorkflowExecutionFailedEventAttributes = new WorkflowExecutionFailedEventAttributes
        {
            Failure = failure,
            RetryState = retryState,
            WorkflowTaskCompletedEventId = completedEventId,
        };
        if (retryState == RetryState.InProgress)
        {
            var next = StartRetryRun(run, failure, interval, m);
            failed.WorkflowExecutionFailedEventAttributes.NewExecutionRunId = next;
            CloseRun(run, failed, m, notifyParent: false);
            return;
        }

        if (!TryContinueCron(run, failed, null, failure, m))
        {
            CloseRun(run, failed, m);
        }
    }

    private (RetryState State, TimeSpan Interval) WorkflowRetry(WorkflowRun run, Failure failure)
    {
        var expiration = run.Started.WorkflowExecutionExpirationTime?.ToDateTimeOffset();
        return RetryPolicies.Decide(run.Started.RetryPolicy, run.Started.Attempt, failure, Now, expiration);
    }

    private string StartRetryRun(WorkflowRun run, Failure failure, TimeSpan interval, Mutation m)
    {
        var spec = NextRunSpec(run, run.Started.Input, run.Started.Header, run.Started.Memo, run.Started.SearchAttributes, run.Started.RetryPolicy) with
        {
            Attempt = run.Started.Attempt + 1,
            Initiator = ContinueAsNewInitiator.Retry,
            ContinuedFailure = failure,
            Backoff = interval,
        };
        return CreateRun(run.Namespace, spec, Guid.NewGuid().ToString(), m).RunId;
    }

    private void ContinueAsNew(WorkflowRun run, ContinueAsNewWorkflowExecutionCommandAttributes command, long completedEventId, Mutation m)
    {
        var spec = NextRunSpec(run, command.Input, command.Header, command.Memo, command.SearchAttributes, command.RetryPolicy) with
        {
            WorkflowType = string.IsNullOrEmpty(command.WorkflowType?.Name) ? run.Started.WorkflowType : command.WorkflowType,
            TaskQueue = string.IsNullOrEmpty(command.TaskQueue?.Name) ? run.Started.TaskQueue : command.TaskQueue,
            RunTimeout = IsZero(command.WorkflowRunTimeout) ? run.Started.WorkflowRunTimeout : command.WorkflowRunTimeout,
            TaskTimeout = IsZero(command.WorkflowTaskTimeout) ? run.Started.WorkflowTaskTimeout : command.WorkflowTaskTimeout,
            Initiator = ContinueAsNewInitiator.Workflow,
            LastCompletionResult = command.LastCompletionResult,
            ContinuedFailure = command.Failure,
            Backoff = command.BackoffStartInterval?.ToTimeSpan(),
        };
        var newRunId = Guid.NewGuid().ToString();
        var continued = NewEvent(EventType.WorkflowExecutionContinuedAsNew);
        continued.WorkflowExecutionContinuedAsNewEventAttributes = new WorkflowExecutionContinuedAsNewEventAttributes
        {
            NewExecutionRunId = newRunId,
            WorkflowType = spec.WorkflowType,
            TaskQueue = spec.TaskQueue,
            Input = command.Input,
            WorkflowRunTimeout = spec.RunTimeout,
            WorkflowTaskTimeout = spec.TaskTimeout,
            WorkflowTaskCompletedEventId = completedEventId,
            BackoffStartInterval = command.BackoffStartInterval,
            Initiator = ContinueAsNewInitiator.Workflow,
            LastCompletionResult = command.LastCompletionResult,
            Header = command.Header,
            Memo = command.Memo,
            SearchAttributes = command.SearchAttributes,
        };
        CloseRun(run, continued, m, notifyParent: false);
        CreateRun(run.Namespace, spec with { RunId = newRunId }, Guid.NewGuid().ToString(), m);
    }

    /// <summary>The start of the next run in a chain: same id, parent and expiration; attempt and initiator set by the caller.</summary>
    private StartSpec NextRunSpec(WorkflowRun run, Payloads? input, Header? header, Memo? memo, SearchAttributes? searchAttributes, RetryPolicy? retryPolicy)
    {
        var started = run.Started;
        return new StartSpec(run.WorkflowId, started.WorkflowType, started.TaskQueue, input, header, memo, searchAttributes, retryPolicy, started.CronSchedule, started.Identity, started.WorkflowExecutionTimeout, started.WorkflowRunTimeout, started.WorkflowTaskTimeout, null, null, started.Priority)
        {
            FirstExecutionRunId = started.FirstExecutionRunId,
            ContinuedExecutionRunId = run.RunId,
            ExpirationTime = started.WorkflowExecutionExpirationTime?.ToDateTimeOffset(),
            ParentExecution = started.ParentWorkflowExecution,
            ParentInitiatedEventId = started.ParentInitiatedEventId,
            Root = started.RootWorkflowExecution,
        };
    }

    private void OnRunTimeout(WorkflowRun run, Mutation m)
    {
        if (!run.IsOpen)
        {
            return;
        }

        ForceCloseStartedTask(run, m);
        var failure = new Failure
        {
            Message = "workflow timeout",
            Source = "Server",
            TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose },
        };
        var expiration = run.Started.WorkflowExecutionExpirationTime?.ToDateTimeOffset();
        var (retryState, interval) = expiration is { } e && e <= Now
            ? (RetryState.Timeout, TimeSpan.Zero)
            : WorkflowRetry(run, failure);
        var timedOut = NewEvent(EventType.WorkflowExecutionTimedOut);
        timedOut.WorkflowExecutionTimedOutEventAttributes = new WorkflowExecutionTimedOutEventAttributes { RetryState = retryState };
        if (retryState == RetryState.InProgress)
        {
            timedOut.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId = StartRetryRun(run, failure, interval, m);
            CloseRun(run, timedOut, m, notifyParent: false);
            return;
        }

        if (!TryContinueCron(run, timedOut, null, failure, m))
        {
            CloseRun(run, timedOut, m);
        }
    }

    /// <summary>A run closed from outside while a worker holds its task: the task is failed first, as a real server records it.</summary>
    private void ForceCloseStartedTask(WorkflowRun run, Mutation m)
    {
        if (run.HasTransientWorkflowTask)
        {
            // A retry is not in history, so neither is its forced failure (as Temporal's transient task).
            run.DropTransientWorkflowTask();
        }
        else if (run.WorkflowTask is { IsStarted: true } wft)
        {
            var failed = NewEvent(EventType.WorkflowTaskFailed);
            failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
            {
                ScheduledEventId = wft.ScheduledEventId,
                StartedEventId = wft.StartedEventId,
                Cause = WorkflowTaskFailedCause.ForceCloseCommand,
                Identity = "history-service",
            };
            run.Append(failed);
            m.Touch(run);
        }

        FlushBuffered(run);
    }

    private void TerminateRun(WorkflowRun run, string reason, Payloads? details, string identity, Mutation m)
    {
        ForceCloseStartedTask(run, m);
        var terminated = NewEvent(EventType.WorkflowExecutionTerminated);
        terminated.WorkflowExecutionTerminatedEventAttributes = new WorkflowExecutionTerminatedEventAttributes
        {
            Reason = reason,
            Details = details,
            Identity = identity,
        };
        CloseRun(run, terminated, m);
    }

    private void NotifyParent(WorkflowRun child, HistoryEvent closeEvent, Mutation m)
    {
        var parentExecution = child.Started.ParentWorkflowExecution;
        if (parentExecution is null
            || !_namespacesById.TryGetValue(child.Started.ParentWorkflowNamespaceId, out var parentNs)
            || !_runs.TryGetValue(new RunKey(parentNs.Id, parentExecution.RunId), out var parent)
            || !parent.IsOpen
            || !parent.Children.TryGetValue(child.Started.ParentInitiatedEventId, out var pending))
        {
            return;
        }

        var execution = child.Execution;
        var e = NewEvent(EventType.Unspecified);
        switch (closeEvent.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes:
                e.EventType = EventType.ChildWorkflowExecutionCompleted;
                e.ChildWorkflowExecutionCompletedEventAttributes = new ChildWorkflowExecutionCompletedEventAttributes
                {
                    Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result,
                    Namespace = child.Namespace.Name,
                    NamespaceId = child.Namespace.Id,
                    WorkflowExecution = execution,
                    WorkflowType = child.Started.WorkflowType,
                    InitiatedEventId = pending.InitiatedEventId,
                    StartedEventId = pending.StartedEventId,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                e.EventType = EventType.ChildWorkflowExecutionFailed;
                e.ChildWorkflowExecutionFailedEventAttributes = new ChildWorkflowExecutionFailedEventAttributes
                {
                    Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure,
                    Namespace = child.Namespace.Name,
                    NamespaceId = child.Namespace.Id,
                    WorkflowExecution = execution,
                    WorkflowType = child.Started.WorkflowType,
                    InitiatedEventId = pending.InitiatedEventId,
                    StartedEventId = pending.StartedEventId,
                    RetryState = closeEvent.WorkflowExecutionFailedEventAttributes.RetryState,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes:
                e.EventType = EventType.ChildWorkflowExecutionCanceled;
                e.ChildWorkflowExecutionCanceledEventAttributes = new ChildWorkflowExecutionCanceledEventAttributes
                {
                    Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details,
                    Namespace = child.Namespace.Name,
                    NamespaceId = child.Namespace.Id,
                    WorkflowExecution = execution,
                    WorkflowType = child.Started.WorkflowType,
                    InitiatedEventId = pending.InitiatedEventId,
                    StartedEventId = pending.StartedEventId,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                e.EventType = EventType.ChildWorkflowExecutionTimedOut;
                e.ChildWorkflowExecutionTimedOutEventAttributes = new ChildWorkflowExecutionTimedOutEventAttributes
                {
                    Namespace = child.Namespace.Name,
                    NamespaceId = child.Namespace.Id,
                    WorkflowExecution = execution,
                    WorkflowType = child.Started.WorkflowType,
                    InitiatedEventId = pending.InitiatedEventId,
                    StartedEventId = pending.StartedEventId,
                    RetryState = closeEvent.WorkflowExecutionTimedOutEventAttributes.RetryState,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes:
                e.EventType = EventType.ChildWorkflowExecutionTerminated;
                e.ChildWorkflowExecutionTerminatedEventAttributes = new ChildWorkflowExecutionTerminatedEventAttributes
                {
                    Namespace = child.Namespace.Name,
                    NamespaceId = child.Namespace.Id,
                    WorkflowExecution = execution,
                    WorkflowType = child.Started.WorkflowType,
                    InitiatedEventId = pending.InitiatedEventId,
                    StartedEventId = pending.StartedEventId,
                };
                break;
            default:
                return;
        }

        RecordEventAndScheduleTask(parent, e, m);
    }

    private void ApplyParentClosePolicy(WorkflowRun parent, IEnumerable<PendingChild> children, Mutation m)
    {
        foreach (var child in children)
        {
            if (child.ParentClosePolicy == ParentClosePolicy.Abandon
                || !_namespacesByName.TryGetValue(child.Namespace, out var ns)
                || FindChain(ns, child.WorkflowId)?.Current is not { IsOpen: true } current)
            {
                continue;
            }

            if (child.ParentClosePolicy == ParentClosePolicy.RequestCancel)
            {
                RequestCancel(current, "by parent close policy", "history-service", null, m);
            }
            else
            {
                TerminateRun(current, "by parent close policy", null, "history-service", m);
            }
        }
    }

    private void StartChild(WorkflowRun parent, HistoryEvent initiatedEvent, Mutation m)
    {
        var initiated = initiatedEvent.StartChildWorkflowExecutionInitiatedEventAttributes;
        var ns = parent.Namespace;
        var current = FindChain(ns, initiated.WorkflowId)?.Current;
        var reuseBlocks = current is not null && (current.IsOpen
            || initiated.WorkflowIdReusePolicy == WorkflowIdReusePolicy.RejectDuplicate
            || (initiated.WorkflowIdReusePolicy == WorkflowIdReusePolicy.AllowDuplicateFailedOnly && current.Status is WorkflowExecutionStatus.Completed or WorkflowExecutionStatus.ContinuedAsNew));
        if (reuseBlocks)
        {
            var failed = NewEvent(EventType.StartChildWorkflowExecutionFailed);
            failed.StartChildWorkflowExecutionFailedEventAttributes = new StartChildWorkflowExecutionFailedEventAttributes
            {
                Namespace = ns.Name,
                NamespaceId = ns.Id,
                WorkflowId = initiated.WorkflowId,
                WorkflowType = initiated.WorkflowType,
                Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                InitiatedEventId = initiatedEvent.EventId,
                WorkflowTaskCompletedEventId = initiated.WorkflowTaskCompletedEventId,
            };
            RecordEventAndScheduleTask(parent, failed, m);
            return;
        }

        var spec = new StartSpec(initiated.WorkflowId, initiated.WorkflowType, initiated.TaskQueue, initiated.Input, initiated.Header, initiated.Memo, initiated.SearchAttributes, initiated.RetryPolicy, initiated.CronSchedule, parent.Started.Identity, initiated.WorkflowExecutionTimeout, initiated.WorkflowRunTimeout, initiated.WorkflowTaskTimeout, null, initiatedEvent.UserMetadata, initiated.Priority)
        {
            Parent = parent,
            ParentInitiatedEventId = initiatedEvent.EventId,
        };
        var child = CreateRun(ns, spec, Guid.NewGuid().ToString(), m);
        var started = NewEvent(EventType.ChildWorkflowExecutionStarted);
        started.ChildWorkflowExecutionStartedEventAttributes = new ChildWorkflowExecutionStartedEventAttributes
        {
            Namespace = ns.Name,
            NamespaceId = ns.Id,
            InitiatedEventId = initiatedEvent.EventId,
            WorkflowExecution = child.Execution,
            WorkflowType = initiated.WorkflowType,
            Header = initiated.Header,
        };
        RecordEventAndScheduleTask(parent, started, m);
    }

    private void SignalExternal(WorkflowRun source, HistoryEvent initiatedEvent, Mutation m)
    {
        var initiated = initiatedEvent.SignalExternalWorkflowExecutionInitiatedEventAttributes;
        var target = FindOpenTarget(source.Namespace, initiated.WorkflowExecution);
        if (target is null)
        {
            var failed = NewEvent(EventType.SignalExternalWorkflowExecutionFailed);
            failed.SignalExternalWorkflowExecutionFailedEventAttributes = new SignalExternalWorkflowExecutionFailedEventAttributes
            {
                Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                WorkflowTaskCompletedEventId = initiated.WorkflowTaskCompletedEventId,
                Namespace = source.Namespace.Name,
                NamespaceId = source.Namespace.Id,
                WorkflowExecution = initiated.WorkflowExecution,
                InitiatedEventId = initiatedEvent.EventId,
            };
            RecordEventAndScheduleTask(source, failed, m);
            return;
        }

        AddSignal(target, initiated.SignalName, initiated.Input, initiated.Header, source.Started.Identity, string.Empty, source.Execution, m);
        var signaled = NewEvent(EventType.ExternalWorkflowExecutionSignaled);
        signaled.ExternalWorkflowExecutionSignaledEventAttributes = new ExternalWorkflowExecutionSignaledEventAttributes
        {
            InitiatedEventId = initiatedEvent.EventId,
            Namespace = source.Namespace.Name,
            NamespaceId = source.Namespace.Id,
            WorkflowExecution = initiated.WorkflowExecution,
        };
        RecordEventAndScheduleTask(source, signaled, m);
    }

    private void CancelExternal(WorkflowRun source, HistoryEvent initiatedEvent, Mutation m)
    {
        var initiated = initiatedEvent.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
        var target = FindOpenTarget(source.Namespace, initiated.WorkflowExecution);
        if (target is null)
        {
            var failed = NewEvent(EventType.RequestCancelExternalWorkflowExecutionFailed);
            failed.RequestCancelExternalWorkflowExecutionFailedEventAttributes = new RequestCancelExternalWorkflowExecutionFailedEventAttributes
            {
                Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                WorkflowTaskCompletedEventId = initiated.WorkflowTaskCompletedEventId,
                Namespace = source.Namespace.Name,
                NamespaceId = source.Namespace.Id,
                WorkflowExecution = initiated.WorkflowExecution,
                InitiatedEventId = initiatedEvent.EventId,
            };
            RecordEventAndScheduleTask(source, failed, m);
            return;
        }

        RequestCancel(target, initiated.Reason, source.Started.Identity, (initiatedEvent.EventId, source.Execution), m);
        var requested = NewEvent(EventType.ExternalWorkflowExecutionCancelRequested);
        requested.ExternalWorkflowExecutionCancelRequestedEventAttributes = new ExternalWorkflowExecutionCancelRequestedEventAttributes
        {
            InitiatedEventId = initiatedEvent.EventId,
            Namespace = source.Namespace.Name,
            NamespaceId = source.Namespace.Id,
            WorkflowExecution = initiated.WorkflowExecution,
        };
        RecordEventAndScheduleTask(source, requested, m);
    }

    private WorkflowRun? FindOpenTarget(NamespaceEntry ns, WorkflowExecution? execution)
    {
        if (execution is null)
        {
            return null;
        }

        WorkflowRun? target;
        if (string.IsNullOrEmpty(execution.RunId))
        {
            target = FindChain(ns, execution.WorkflowId)?.Current;
        }
        else
        {
            _runs.TryGetValue(new RunKey(ns.Id, execution.RunId), out target);
        }

        return target is { IsOpen: true } && target.WorkflowId == execution.WorkflowId ? target : null;
    }
}
