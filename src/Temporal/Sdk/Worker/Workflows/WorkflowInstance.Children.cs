using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Workflows;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using ApiParentClosePolicy = Temporalio.Api.Enums.V1.ParentClosePolicy;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>Child workflows and signals/cancels to other workflows.</content>
internal sealed partial class WorkflowInstance
{
    private readonly Dictionary<long, PendingChild> childrenByInitiatedEventId = [];
    private readonly Dictionary<long, PendingExternalRequest> externalRequestsByInitiatedEventId = [];

    /// <summary>Starts a child workflow; <see cref="PendingChild.Started"/> completes once the server started it.</summary>
    public PendingChild StartChild(string workflowType, IReadOnlyCollection<object?> args, ChildWorkflowOptions childOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowType);
        childOptions.Validate();
        EnsureCanIssueCommands();
        var workflowId = childOptions.Id ?? NewGuid().ToString();
        var attributes = new StartChildWorkflowExecutionCommandAttributes
        {
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = childOptions.TaskQueue ?? Info.TaskQueue },
            Input = Converter.PayloadConverter.ToPayloads(args),
            WorkflowExecutionTimeout = ToDuration(childOptions.ExecutionTimeout),
            WorkflowRunTimeout = ToDuration(childOptions.RunTimeout),
            WorkflowTaskTimeout = ToDuration(childOptions.TaskTimeout),
            ParentClosePolicy = (ApiParentClosePolicy)(int)childOptions.ParentClosePolicy,
            RetryPolicy = childOptions.RetryPolicy?.ToProto(),
            CronSchedule = childOptions.CronSchedule ?? string.Empty,
        };
        if (childOptions.Memo is { } memo)
        {
            attributes.Memo = ToMemo(memo);
        }

        var child = new PendingChild(workflowId, workflowType, childOptions.CancellationType);
        child.Command = AddCommand(
            new Command { CommandType = CommandType.StartChildWorkflowExecution, StartChildWorkflowExecutionCommandAttributes = attributes },
            e =>
            {
                child.InitiatedEventId = e.EventId;
                childrenByInitiatedEventId[e.EventId] = child;
            });

        var token = childOptions.CancellationToken ?? CancellationToken;
        if (token.CanBeCanceled)
        {
            child.Registration = token.Register(() => CancelChild(child));
        }

        return child;
    }

    /// <summary>Signals another workflow (or a child, with <paramref name="childOnly"/>); completes once delivered.</summary>
    public Task SignalExternalAsync(string workflowId, string? runId, string signalName, IReadOnlyCollection<object?> args, bool childOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentException.ThrowIfNullOrEmpty(signalName);
        var request = new PendingExternalRequest(workflowId, $"signal \"{signalName}\"");
        AddCommand(
            new Command
            {
                CommandType = CommandType.SignalExternalWorkflowExecution,
                SignalExternalWorkflowExecutionCommandAttributes = new SignalExternalWorkflowExecutionCommandAttributes
                {
                    Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId ?? string.Empty },
                    SignalName = signalName,
                    Input = Converter.PayloadConverter.ToPayloads(args),
                    ChildWorkflowOnly = childOnly,
                },
            },
            e => externalRequestsByInitiatedEventId[e.EventId] = request);
        return request.Completion.Task;
    }

    /// <summary>Requests cancellation of another workflow; completes once the request is delivered.</summary>
    public Task CancelExternalAsync(string workflowId, string? runId, bool childOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        var request = new PendingExternalRequest(workflowId, "cancel request");
        AddCommand(
            new Command
            {
                CommandType = CommandType.RequestCancelExternalWorkflowExecution,
                RequestCancelExternalWorkflowExecutionCommandAttributes = new RequestCancelExternalWorkflowExecutionCommandAttributes
                {
                    WorkflowId = workflowId,
                    RunId = runId ?? string.Empty,
                    ChildWorkflowOnly = childOnly,
                },
            },
            e => externalRequestsByInitiatedEventId[e.EventId] = request);
        return request.Completion.Task;
    }

    private void CancelChild(PendingChild child)
    {
        if (child.Result.Task.IsCompleted || IsClosed)
        {
            return;
        }

        if (TryWithdrawCommand(child.Command))
        {
            var canceled = ChildCanceled(child, details: null);
            child.Started.TrySetException(canceled);
            child.Result.TrySetException(canceled);
            return;
        }

        if (child.CancellationType == ChildWorkflowCancellationType.Abandon)
        {
            ResolveChildCanceledNow(child);
            return;
        }

        if (child.RunId is null)
        {
            // Initiated but not started yet: ask once the server reports the start.
            child.CancelWhenStarted = true;
        }
        else
        {
            RequestChildCancel(child);
        }

        if (child.CancellationType == ChildWorkflowCancellationType.TryCancel)
        {
            ResolveChildCanceledNow(child);
        }
    }

    private void RequestChildCancel(PendingChild child)
    {
        if (child.CancelRequested)
        {
            return;
        }

        child.CancelRequested = true;
        var request = CancelExternalAsync(child.WorkflowId, child.RunId, childOnly: true);
        if (child.CancellationType == ChildWorkflowCancellationType.WaitCancellationRequested)
        {
            _ = request.ContinueWith(_ => ResolveChildCanceledNow(child), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, scheduler);
        }
    }

    private void ResolveChildCanceledNow(PendingChild child)
    {
        var canceled = ChildCanceled(child, details: null);
        child.Started.TrySetException(canceled);
        child.Result.TrySetException(canceled);
    }

    private void ResolveChild(HistoryEvent e)
    {
        var initiatedEventId = e.EventType switch
        {
            EventType.ChildWorkflowExecutionStarted => e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId,
            EventType.StartChildWorkflowExecutionFailed => e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
            EventType.ChildWorkflowExecutionCompleted => e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId,
            EventType.ChildWorkflowExecutionFailed => e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
            EventType.ChildWorkflowExecutionCanceled => e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId,
            EventType.ChildWorkflowExecutionTimedOut => e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId,
            _ => e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId,
        };
        if (!childrenByInitiatedEventId.TryGetValue(initiatedEventId, out var child))
        {
            return;
        }

        switch (e.EventType)
        {
            case EventType.ChildWorkflowExecutionStarted:
                child.RunId = e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution?.RunId ?? string.Empty;
                child.StartedEventId = e.EventId;
                child.Started.TrySetResult(child.RunId);
                if (child.CancelWhenStarted)
                {
                    RequestChildCancel(child);
                }

                return;
            case EventType.StartChildWorkflowExecutionFailed:
                var cause = e.StartChildWorkflowExecutionFailedEventAttributes.Cause;
                var startFailure = cause == StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists
                    ? new WorkflowAlreadyStartedException($"Child workflow {child.WorkflowId} is already running.", child.WorkflowId, child.WorkflowType, runId: null)
                    : (Exception)new InvalidOperationException($"Child workflow {child.WorkflowId} could not start: {cause}.");
                child.Started.TrySetException(startFailure);
                child.Result.TrySetException(startFailure);
                break;
            case EventType.ChildWorkflowExecutionCompleted:
                var result = e.ChildWorkflowExecutionCompletedEventAttributes.Result;
                child.Result.TrySetResult(result is { Payloads_.Count: > 0 } ? result.Payloads_[0] : null);
                break;
            case EventType.ChildWorkflowExecutionFailed:
                var failed = e.ChildWorkflowExecutionFailedEventAttributes;
                child.Result.TrySetException(ChildFailure(child, "Child Workflow execution failed", failed.Failure, failed.RetryState));
                break;
            case EventType.ChildWorkflowExecutionCanceled:
                child.Result.TrySetException(ChildCanceled(child, e.ChildWorkflowExecutionCanceledEventAttributes.Details));
                break;
            case EventType.ChildWorkflowExecutionTimedOut:
                var timedOut = e.ChildWorkflowExecutionTimedOutEventAttributes;
                var timeout = new Failure { Message = "Child Workflow execution timed out", TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose } };
                child.Result.TrySetException(ChildFailure(child, "Child Workflow execution timed out", timeout, timedOut.RetryState));
                break;
            default:
                var terminated = new Failure { Message = "Child Workflow execution terminated", TerminatedFailureInfo = new TerminatedFailureInfo() };
                child.Result.TrySetException(ChildFailure(child, "Child Workflow execution terminated", terminated, RetryState.NonRetryableFailure));
                break;
        }

        childrenByInitiatedEventId.Remove(initiatedEventId);
        child.Registration.Dispose();
    }

    private void ResolveExternal(HistoryEvent e)
    {
        var (initiatedEventId, failed) = e.EventType switch
        {
            EventType.ExternalWorkflowExecutionSignaled => (e.ExternalWorkflowExecutionSignaledEventAttributes.InitiatedEventId, false),
            EventType.SignalExternalWorkflowExecutionFailed => (e.SignalExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId, true),
            EventType.ExternalWorkflowExecutionCancelRequested => (e.ExternalWorkflowExecutionCancelRequestedEventAttributes.InitiatedEventId, false),
            _ => (e.RequestCancelExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId, true),
        };
        if (!externalRequestsByInitiatedEventId.Remove(initiatedEventId, out var request))
        {
            return;
        }

        if (failed)
        {
            request.Completion.TrySetException(new ApplicationFailureException(
                $"Unable to deliver the {request.Description} to workflow {request.WorkflowId}: it was not found.",
                errorType: "ExternalWorkflowExecutionNotFound"));
        }
        else
        {
            request.Completion.TrySetResult();
        }
    }

    private Exception ChildCanceled(PendingChild child, Payloads? details)
    {
        var cause = new Failure { Message = "Child Workflow execution cancelled", CanceledFailureInfo = new CanceledFailureInfo { Details = details } };
        return ChildFailure(child, "Child Workflow execution cancelled", cause, RetryState.CancelRequested);
    }

    private Exception ChildFailure(PendingChild child, string message, Failure? cause, RetryState retryState)
    {
        var failure = new Failure
        {
            Message = message,
            Cause = cause,
            ChildWorkflowExecutionFailureInfo = new ChildWorkflowExecutionFailureInfo
            {
                Namespace = Info.Namespace,
                WorkflowExecution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = child.RunId ?? string.Empty },
                WorkflowType = new WorkflowType { Name = child.WorkflowType },
                InitiatedEventId = child.InitiatedEventId,
                StartedEventId = child.StartedEventId,
                RetryState = retryState,
            },
        };
        return Converter.FailureConverter.ToException(failure, Converter.PayloadConverter);
    }
}
