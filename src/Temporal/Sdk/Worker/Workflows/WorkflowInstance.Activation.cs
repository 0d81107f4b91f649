using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Workflows;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>
/// One activation: set the workflow clock, deliver the events since the last workflow task in history order, run
/// workflow code until nothing is ready (re-checking wait conditions after each drain), then turn the run method's
/// outcome into the closing command — or into a workflow task failure for bugs, so a fixed worker can retry the task.
/// </content>
internal sealed partial class WorkflowInstance
{
    private readonly List<Task> signalHandlers = [];
    private readonly List<WorkflowExecutionSignaledEventAttributes> unhandledSignals = [];

    private bool LastActivationWasReplay { get; set; }

    private void Activate(HistoryEvent started, bool replaying, HashSet<string>? patchesInHistory)
    {
        if (unmatchedCommands.First is { } stale)
        {
            throw Nondeterminism(
                $"the workflow issued {CommandEventMatcher.Describe(stale.Value.Command)} in the workflow task started at event {LastActivationStartedEventId}, "
                + $"but history records no such event before the workflow task started at event {started.EventId}");
        }

        activation++;
        outgoingCommands.Clear();
        IsReplaying = replaying;
        LastActivationWasReplay = replaying;
        LastActivationStartedEventId = started.EventId;
        if (started.EventTime is { } time)
        {
            UtcNow = time.ToDateTime();
        }

        patchesInThisTask = patchesInHistory ?? new HashSet<string>(StringComparer.Ordinal);
        var events = eventsForNextActivation;
        eventsForNextActivation = [];

        var previousContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        Interlocked.Exchange(ref activationStartTimestamp, Stopwatch.GetTimestamp());
        try
        {
            var apply = scheduler.RunAsync(() =>
            {
                foreach (var e in events)
                {
                    Apply(e);
                }
            });
            RunUntilIdle();
            if (apply.Exception?.InnerException is { } applyFailure)
            {
                throw TaskFailure("failed while applying history events", applyFailure);
            }

            CloseIfDone();
        }
        catch
        {
            // Any failure escaping an activation leaves workflow state half-applied: the run must be replayed from scratch.
            IsPoisoned = true;
            throw;
        }
        finally
        {
            Interlocked.Exchange(ref activationStartTimestamp, 0);
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>Runs a function as read-only workflow code outside any activation (queries).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function.</param>
    /// <returns>The task that ran it, already completed.</returns>
    private Task<T> RunReadOnlyAsync<T>(Func<T> function)
    {
        var previousContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        Interlocked.Exchange(ref activationStartTimestamp, Stopwatch.GetTimestamp());
        inQuery = true;
        try
        {
            var task = scheduler.RunAsync(function);
            scheduler.Drain();
            return task;
        }
        finally
        {
            inQuery = false;
            Interlocked.Exchange(ref activationStartTimestamp, 0);
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private static bool IsCancellation(Exception exception) => exception switch
    {
        OperationCanceledException or CanceledFailureException => true,
        ActivityFailureException { InnerException: CanceledFailureException } => true,
        ChildWorkflowFailureException { InnerException: CanceledFailureException } => true,
        _ => false,
    };

    private static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;

    private void RunUntilIdle()
    {
        while (true)
        {
            scheduler.Drain();
            if (IsClosed || conditions.Count == 0)
            {
                return;
            }

            var check = scheduler.RunAsync(ResolveSatisfiedConditions);
            scheduler.Drain();
            if (check.Exception?.InnerException is { } failure)
            {
                throw TaskFailure("threw from a wait condition", failure);
            }

            if (!check.Result)
            {
                return;
            }
        }
    }

    private void Apply(HistoryEvent e)
    {
        switch (e.EventType)
        {
            case EventType.WorkflowExecutionStarted:
                Start(e.WorkflowExecutionStartedEventAttributes, e);
                break;
            case EventType.WorkflowExecutionSignaled:
                Signal(e.WorkflowExecutionSignaledEventAttributes);
                break;
            case EventType.WorkflowExecutionCancelRequested:
                cancellation.Cancel();
                break;
            case EventType.ActivityTaskCompleted:
            case EventType.ActivityTaskFailed:
            case EventType.ActivityTaskTimedOut:
            case EventType.ActivityTaskCanceled:
                ResolveActivity(e);
                break;
            case EventType.TimerFired:
                ResolveTimer(e.TimerFiredEventAttributes.TimerId);
                break;
            case EventType.ChildWorkflowExecutionStarted:
            case EventType.StartChildWorkflowExecutionFailed:
            case EventType.ChildWorkflowExecutionCompleted:
            case EventType.ChildWorkflowExecutionFailed:
            case EventType.ChildWorkflowExecutionCanceled:
            case EventType.ChildWorkflowExecutionTimedOut:
            case EventType.ChildWorkflowExecutionTerminated:
                ResolveChild(e);
                break;
            case EventType.ExternalWorkflowExecutionSignaled:
            case EventType.SignalExternalWorkflowExecutionFailed:
            case EventType.ExternalWorkflowExecutionCancelRequested:
            case EventType.RequestCancelExternalWorkflowExecutionFailed:
                ResolveExternal(e);
                break;
            default:
                // ActivityTaskStarted, WorkflowExecutionTerminated/TimedOut, updates...: nothing for workflow code.
                break;
        }
    }

    private void Start(WorkflowExecutionStartedEventAttributes started, HistoryEvent e)
    {
        info = new WorkflowInfo
        {
            Namespace = options.Namespace,
            WorkflowId = options.WorkflowId,
            RunId = options.RunId,
            WorkflowType = started.WorkflowType?.Name ?? options.Definition.Name,
            TaskQueue = started.TaskQueue?.Name ?? string.Empty,
            Attempt = Math.Max(1, started.Attempt),
            StartTime = e.EventTime?.ToDateTime() ?? UtcNow,
            FirstExecutionRunId = NullIfEmpty(started.FirstExecutionRunId),
            ContinuedRunId = NullIfEmpty(started.ContinuedExecutionRunId),
            CronSchedule = NullIfEmpty(started.CronSchedule),
            ExecutionTimeout = PositiveOrNull(started.WorkflowExecutionTimeout),
            RunTimeout = PositiveOrNull(started.WorkflowRunTimeout),
            TaskTimeout = started.WorkflowTaskTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(10),
            RetryPolicy = started.RetryPolicy is { } retry ? ContentFlows.Temporal.Common.RetryPolicy.FromProto(retry) : null,
            Parent = started.ParentWorkflowExecution is { } parent
                ? new WorkflowParentInfo(started.ParentWorkflowNamespace, parent.WorkflowId, parent.RunId)
                : null,
        };
        random = new Random(SeedFrom(NullIfEmpty(started.OriginalExecutionRunId) ?? options.RunId));

        object?[] args;
        try
        {
            args = DecodeArguments(started.Input, options.Definition.RunMethod.GetParameters());
            workflow = options.Definition.CreateInstance();
        }
        catch (Exception failure)
        {
            runTask = Task.FromException<object?>(failure);
            return;
        }

        runTask = scheduler.RunAsync(() => RunWorkflowAsync(args)).Unwrap();
    }

    private async Task<object?> RunWorkflowAsync(object?[] args)
    {
        Task task;
        try
        {
            task = (Task)options.Definition.RunMethod.Invoke(workflow, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        await task;
        return options.Definition.ResultType is null ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }

    private void Signal(WorkflowExecutionSignaledEventAttributes signal)
    {
        if (workflow is null || !options.Definition.Signals.TryGetValue(signal.SignalName, out var handler))
        {
            // Kept, as Temporal SDKs do, for a handler that may appear later; unknown signals are otherwise dropped.
            unhandledSignals.Add(signal);
            logger.LogWarning("Workflow {WorkflowType} has no handler for signal {SignalName}; the signal is buffered.", options.Definition.Name, signal.SignalName);
            return;
        }

        object?[] args;
        try
        {
            args = DecodeArguments(signal.Input, handler.Method.GetParameters());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Signal {SignalName} of workflow {WorkflowType} was dropped: its arguments could not be converted.", signal.SignalName, options.Definition.Name);
            return;
        }

        var target = workflow;
        signalHandlers.Add(scheduler.RunAsync(() => InvokeHandlerAsync(handler.Method, target, args)).Unwrap());
    }

    private static async Task InvokeHandlerAsync(MethodInfo method, object target, object?[] args)
    {
        Task task;
        try
        {
            task = (Task)method.Invoke(target, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        await task;
    }

    private void CloseIfDone()
    {
        if (IsClosed)
        {
            return;
        }

        signalHandlers.RemoveAll(t => t.IsCompletedSuccessfully);
        if (signalHandlers.FirstOrDefault(t => t.IsFaulted || t.IsCanceled) is { } failedHandler)
        {
            Close(failedHandler.Exception?.InnerException ?? new TaskCanceledException(failedHandler), "a signal handler");
            return;
        }

        if (runTask is not { IsCompleted: true } run)
        {
            return;
        }

        if (run.IsCompletedSuccessfully)
        {
            var attributes = new CompleteWorkflowExecutionCommandAttributes();
            if (options.Definition.ResultType is not null)
            {
                attributes.Result = new Payloads { Payloads_ = { Converter.PayloadConverter.ToPayload(run.Result) } };
            }

            AddCommand(new Command { CommandType = CommandType.CompleteWorkflowExecution, CompleteWorkflowExecutionCommandAttributes = attributes });
            IsClosed = true;
            return;
        }

        Close(run.Exception?.InnerException ?? new TaskCanceledException(run), "the workflow");
    }

    private void Close(Exception exception, string source)
    {
        exception = Unwrap(exception);
        if (exception is ContinueAsNewException continueAsNew)
        {
            AddCommand(new Command { CommandType = CommandType.ContinueAsNewWorkflowExecution, ContinueAsNewWorkflowExecutionCommandAttributes = ContinueAsNewAttributes(continueAsNew) });
        }
        else if (cancellation.IsCancellationRequested && IsCancellation(exception))
        {
            AddCommand(new Command { CommandType = CommandType.CancelWorkflowExecution, CancelWorkflowExecutionCommandAttributes = new CancelWorkflowExecutionCommandAttributes() });
        }
        else if (exception is FailureException)
        {
            var failure = Converter.FailureConverter.ToFailure(exception, Converter.PayloadConverter);
            AddCommand(new Command { CommandType = CommandType.FailWorkflowExecution, FailWorkflowExecutionCommandAttributes = new FailWorkflowExecutionCommandAttributes { Failure = failure } });
        }
        else
        {
            throw TaskFailure(
                $"threw {exception.GetType().Name} from {source}: {exception.Message} (only a FailureException such as ApplicationFailureException fails the workflow; "
                + "other exceptions fail the workflow task, which is retried once the code is fixed)",
                exception);
        }

        IsClosed = true;
    }

    private ContinueAsNewWorkflowExecutionCommandAttributes ContinueAsNewAttributes(ContinueAsNewException continueAsNew)
    {
        var next = continueAsNew.Options;
        var attributes = new ContinueAsNewWorkflowExecutionCommandAttributes
        {
            WorkflowType = new WorkflowType { Name = continueAsNew.WorkflowType },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = next?.TaskQueue ?? Info.TaskQueue },
            Input = Converter.PayloadConverter.ToPayloads(continueAsNew.Args),
        };
        if ((next?.RunTimeout ?? Info.RunTimeout) is { } runTimeout)
        {
            attributes.WorkflowRunTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(runTimeout);
        }

        attributes.WorkflowTaskTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(next?.TaskTimeout ?? Info.TaskTimeout);
        if (next?.RetryPolicy is { } retry)
        {
            attributes.RetryPolicy = retry.ToProto();
        }

        if (next?.Memo is { } memo)
        {
            attributes.Memo = ToMemo(memo);
        }

        return attributes;
    }

    private Memo ToMemo(IReadOnlyDictionary<string, object?> values)
    {
        var memo = new Memo();
        foreach (var (key, value) in values)
        {
            memo.Fields[key] = Converter.PayloadConverter.ToPayload(value);
        }

        return memo;
    }

    private WorkflowTaskFailureException TaskFailure(string what, Exception exception)
    {
        IsPoisoned = true;
        return new WorkflowTaskFailureException($"Workflow {options.Definition.Name} (workflow id {options.WorkflowId}) {what}", Unwrap(exception));
    }

    private object?[] DecodeArguments(Payloads? payloads, ParameterInfo[] parameters)
    {
        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (payloads is not null && i < payloads.Payloads_.Count)
            {
                args[i] = Converter.PayloadConverter.ToValue(payloads.Payloads_[i], type);
            }
            else if (parameters[i].HasDefaultValue)
            {
                args[i] = parameters[i].DefaultValue;
            }
            else
            {
                args[i] = type.IsValueType ? Activator.CreateInstance(type) : null;
            }
        }

        return args;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static TimeSpan? PositiveOrNull(Google.Protobuf.WellKnownTypes.Duration? duration) =>
        duration?.ToTimeSpan() is { } span && span > TimeSpan.Zero ? span : null;
}
