using System.Text.Json;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Persistence;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The dev server's state machine: namespaces, runs, task matching and timers. Every change runs
/// under one lock (operations are short and never block inside it), is handed to the store in the
/// same order, and only once durable releases its tasks to workers and its answer to the caller.
/// </summary>
internal sealed partial class ServerEngine : IAsyncDisposable
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.General);

    private readonly Lock _gate = new();
    private readonly IServerStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ServerLimits _limits;
    private readonly DynamicConfigSettings _dynamicConfig;
    private readonly WorkerPollTracker _workerPolls = new();
    private readonly Dictionary<string, NamespaceEntry> _namespacesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NamespaceEntry> _namespacesById = new(StringComparer.Ordinal);
    private readonly Dictionary<RunKey, WorkflowRun> _runs = [];
    private readonly Dictionary<WorkflowKey, WorkflowChain> _workflows = [];
    private readonly Dictionary<string, (WorkflowRun Run, PendingQuery Query)> _queryTasks = new(StringComparer.Ordinal);
    private readonly Dictionary<RunKey, List<ITimer>> _callbacks = [];
    private readonly CancellationTokenSource _stopping = new();
    private Exception? _poisoned;

    public ServerEngine(IServerStore store, TimeProvider time, ILogger logger, ServerLimits? limits = null, DynamicConfigSettings? dynamicConfig = null, DevServerTestHooks? testHooks = null)
    {
        _testHooks = testHooks;
        _store = store;
        _time = time;
        _logger = logger;
        _limits = limits ?? new ServerLimits();
        _dynamicConfig = dynamicConfig ?? new DynamicConfigSettings();
    }

    /// <summary>Gets the task matcher (exposed for diagnostics and the UI).</summary>
    public TaskMatcher Matcher { get; } = new();

    /// <summary>Gets a token cancelled when the server shuts down, ending long polls.</summary>
    public CancellationToken Stopping => _stopping.Token;

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Gets the real time, for waits measured against callers' gRPC deadlines (which a skipped clock must not shorten).</summary>
    private static DateTimeOffset WallNow => TimeProvider.System.GetUtcNow();

    /// <summary>Loads the store's state and creates the default namespaces.</summary>
    public async Task StartAsync(IEnumerable<string> namespaces, CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        await LoadStoredWorkflowIdsAsync(cancellationToken).ConfigureAwait(false);
        var mutation = new Mutation();
        lock (_gate)
        {
            foreach (var record in snapshot.Namespaces)
            {
                var entry = new NamespaceEntry(Temporalio.Api.WorkflowService.V1.DescribeNamespaceResponse.Parser.ParseFrom(record.Description));
                _namespacesByName[entry.Name] = entry;
                _namespacesById[entry.Id] = entry;
            }

            foreach (var name in namespaces)
            {
                if (!_namespacesByName.ContainsKey(name))
                {
                    var entry = NamespaceEntry.Create(name, Guid.NewGuid().ToString(), "created at server start", TimeSpan.FromDays(1));
                    _namespacesByName[name] = entry;
                    _namespacesById[entry.Id] = entry;
                    mutation.Namespaces.Add(new NamespaceRecord(name, entry.Id, entry.Description.ToByteArray()));
                }
            }

            foreach (var stored in snapshot.Executions.OrderBy(RunStartTime))
            {
                RestoreRun(stored, mutation);
            }

            RestoreSchedules(snapshot.Schedules, mutation);
        }

        await CommitAsync(mutation, PersistInOrderAsync(mutation)).ConfigureAwait(false);
        LogLoaded(snapshot.Executions.Count, _store.IsDurable);
        StartRetentionSweep();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var timers in _callbacks.Values)
            {
                foreach (var timer in timers)
                {
                    timer.Dispose();
                }
            }

            _callbacks.Clear();
            DisposeScheduleTimers();
        }

        _stopping.Dispose();

        // Commits what is queued and releases the store's ownership of its schema for the next server.
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs one change under the lock, persists it, then releases its effects.</summary>
    private async Task<T> MutateAsync<T>(Func<Mutation, T> change)
    {
        var mutation = new Mutation();
        T result;
        Task persisted;
        Task? answerAfter = null;
        Exception? error = null;
        lock (_gate)
        {
            ThrowIfFailed();
            var appliedBefore = WorkflowRun.AppliedOnThisThread;
            try
            {
                result = change(mutation);
            }
            catch (Exception e) when (!StopIfHalfApplied(e, mutation, appliedBefore))
            {
                // Nothing changed; the error (NotFound, AlreadyExists, ...) may still describe writes in flight.
                error = e;
                answerAfter = _lastPersist;
                result = default!;
            }

            if (error is null)
            {
                EnforceHistoryLimits(mutation);
            }

            persisted = error is null ? PersistInOrderAsync(mutation) : Task.CompletedTask;
        }

        if (error is not null)
        {
            await AwaitBarrierAsync(answerAfter!).ConfigureAwait(false);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        await CommitAsync(mutation, persisted).ConfigureAwait(false);
        if (mutation.ErrorAfterCommit is not null)
        {
            throw mutation.ErrorAfterCommit;
        }

        return result;
    }

    private Task MutateAsync(Action<Mutation> change) => MutateAsync<bool>(m =>
    {
        change(m);
        return true;
    });

    /// <summary>Hands the change to the store inside the lock, so that writes reach it in the order they happened.</summary>
    private Task PersistInOrderAsync(Mutation mutation)
    {
        if (mutation.Touched.Count == 0 && mutation.Namespaces.Count == 0 && mutation.TouchedSchedules.Count == 0 && mutation.Deletions.Count == 0)
        {
            // A no-op (a retried signal or start, UseExisting, a repeated cancel) answers from state that an
            // earlier write may still be persisting: it waits for that write.
            return _lastPersist;
        }

        if (!_store.IsDurable)
        {
            foreach (var run in mutation.Touched)
            {
                run.TakeUnsaved();
            }

            return Task.CompletedTask;
        }

        var executions = new List<ExecutionWrite>(mutation.Touched.Count);
        foreach (var run in mutation.Touched)
        {
            executions.Add(new ExecutionWrite(run.Namespace.Id, run.WorkflowId, run.RunId, SerializeVolatileState(run), run.TakeUnsaved())
            {
                StartTime = run.StartTime,
                CloseTime = run.CloseTime,

                // What list and count read for a closed run that memory no longer holds.
                Visibility = run.IsOpen ? null : ToExecutionInfo(run).ToByteArray(),
            });
        }

        // Not cancelled on shutdown: the store commits what was queued, and a caller's answer depends on it.
        var write = new StoreWrite(mutation.Namespaces, executions) { Schedules = ScheduleWrites(mutation), Deletions = mutation.Deletions };
        return _lastPersist = _store.PersistAsync(write, CancellationToken.None);
    }

    private async Task CommitAsync(Mutation mutation, Task persisted)
    {
        try
        {
            await persisted.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Memory now holds changes the store may not: stop serving rather than acknowledge anything else.
            Stop(e);
            LogStoreFailed(e);
            throw new GrpcException(GrpcStatusCode.Unavailable, "The server could not persist the change: " + e.Message);
        }

        foreach (var (queue, task) in mutation.Dispatches)
        {
            Matcher.Offer(queue, task);
        }

        if (mutation.Touched.Count > 0)
        {
            lock (_gate)
            {
                foreach (var run in mutation.Touched)
                {
                    run.NotifyChanged();
                }

                AdmitClosedRuns(mutation);
            }
        }

        foreach (var action in mutation.AfterCommit)
        {
            action();
        }

        NudgeClock();
    }

    /// <summary>Runs <paramref name="onFire"/> as a change at <paramref name="due"/>; it must re-check that it still applies.</summary>
    private void ScheduleCallback(WorkflowRun run, DateTimeOffset due, Action<Mutation> onFire)
    {
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                lock (_gate)
                {
                    var registered = _callbacks.TryGetValue(run.Key, out var list) && timer is not null && list!.Contains(timer);

                    // A delay longer than one timer can wait was cut into steps: not due yet, wait the next step.
                    if (registered && LongDelays.IsEarly(due, Now))
                    {
                        timer!.Change(LongDelays.NextStep(due, Now), Timeout.InfiniteTimeSpan);
                        return;
                    }

                    if (registered)
                    {
                        list!.Remove(timer!);
                    }
                }

                timer?.Dispose();
                Interlocked.Increment(ref _callbacksInFlight);
                _ = FireAsync(onFire);
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        if (!_callbacks.TryGetValue(run.Key, out var timers))
        {
            timers = [];
            _callbacks[run.Key] = timers;
        }

        timers.Add(timer);
        timer.Change(LongDelays.NextStep(due, Now), Timeout.InfiniteTimeSpan);
    }

    private async Task FireAsync(Action<Mutation> onFire)
    {
        try
        {
            await MutateAsync(onFire).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCallbackFailed(e);
        }
        finally
        {
            Interlocked.Decrement(ref _callbacksInFlight);
            NudgeClock();
        }
    }

    private void DropCallbacks(WorkflowRun run)
    {
        if (_callbacks.Remove(run.Key, out var timers))
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }
        }
    }

    private HistoryEvent NewEvent(Temporalio.Api.Enums.V1.EventType type) => new()
    {
        EventType = type,
        EventTime = Timestamp.FromDateTimeOffset(Now),
        TaskId = 1,
    };

    private byte[] SerializeVolatileState(WorkflowRun run)
    {
        var state = new RunVolatileState
        {
            CreateRequestId = run.CreateRequestId,
            ResetRunId = run.ResetRunId,
            TransientWorkflowTaskAttempt = run.HasTransientWorkflowTask ? run.WorkflowTask!.Attempt : 0,
            Buffered = run.Buffered.Select(e => e.ToByteArray()).ToList(),
            Activities = run.Activities.Values.Select(a => new RunVolatileState.ActivityAttemptState
            {
                ScheduledEventId = a.ScheduledEventId,
                Attempt = a.Attempt,
                State = a.State,
                CurrentAttemptScheduledTime = a.CurrentAttemptScheduledTime,
                StartedTime = a.StartedTime,
                StartedIdentity = a.StartedIdentity,
                StartedRequestId = a.StartedRequestId,
                HeartbeatDetails = a.HeartbeatDetails?.ToByteArray(),
                LastHeartbeatTime = a.LastHeartbeatTime,
                LastFailure = a.LastFailure?.ToByteArray(),
                LastWorkerIdentity = a.LastWorkerIdentity,
                LastAttemptCompleteTime = a.LastAttemptCompleteTime,
                NextAttemptScheduleTime = a.NextAttemptScheduleTime,
            }).ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(state, StateJson);
    }

    private void RestoreRun(StoredExecution stored, Mutation mutation)
    {
        if (!_namespacesById.TryGetValue(stored.NamespaceId, out var ns))
        {
            return;
        }

        var run = RebuildRun(ns, stored);
        _runs[run.Key] = run;
        var chain = GetOrAddChain(new WorkflowKey(ns.Id, run.WorkflowId));
        chain.Add(run);
        if (run.IsOpen)
        {
            RearmRun(run, mutation);
        }
        else
        {
            // Stored before closed runs had their close time and visibility columns: written once, then never loaded again.
            mutation.Touch(run);
        }
    }

    /// <summary>Rebuilds a run from its stored history and state blob.</summary>
    private WorkflowRun RebuildRun(NamespaceEntry ns, StoredExecution stored)
    {
        var run = new WorkflowRun(ns, stored.WorkflowId, stored.RunId);
        run.LoadHistory(stored.History);
        var state = stored.State.Length == 0 ? new RunVolatileState() : JsonSerializer.Deserialize<RunVolatileState>(stored.State, StateJson) ?? new RunVolatileState();
        run.CreateRequestId = state.CreateRequestId;
        run.ResetRunId = state.ResetRunId;
        foreach (var bytes in state.Buffered)
        {
            var e = HistoryEvent.Parser.ParseFrom(bytes);
            run.Buffered.Add(e);
            run.Apply(e);
        }

        foreach (var saved in state.Activities)
        {
            if (run.Activities.TryGetValue(saved.ScheduledEventId, out var activity))
            {
                activity.Attempt = saved.Attempt;
                activity.State = saved.State;
                activity.CurrentAttemptScheduledTime = saved.CurrentAttemptScheduledTime;
                activity.StartedTime = saved.StartedTime;
                activity.StartedIdentity = saved.StartedIdentity;
                activity.StartedRequestId = saved.StartedRequestId;
                activity.HeartbeatDetails = saved.HeartbeatDetails is null ? null : Temporalio.Api.Common.V1.Payloads.Parser.ParseFrom(saved.HeartbeatDetails);
                activity.LastHeartbeatTime = saved.LastHeartbeatTime;
                activity.LastFailure = saved.LastFailure is null ? null : Failure.Parser.ParseFrom(saved.LastFailure);
                activity.LastWorkerIdentity = saved.LastWorkerIdentity;
                activity.LastAttemptCompleteTime = saved.LastAttemptCompleteTime;
                activity.NextAttemptScheduleTime = saved.NextAttemptScheduleTime;
            }
        }

        if (state.TransientWorkflowTaskAttempt > 1 && run.IsOpen && run.WorkflowTask is null)
        {
            // The retry was never written: it is scheduled again at its attempt (a worker that held it lost it).
            var scheduled = NewEvent(Temporalio.Api.Enums.V1.EventType.WorkflowTaskScheduled);
            scheduled.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
            {
                TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueueName, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal },
                StartToCloseTimeout = Duration.FromTimeSpan(WorkflowTaskRetries.StartToCloseTimeout(run.Started.WorkflowTaskTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(10), state.TransientWorkflowTaskAttempt)),
                Attempt = state.TransientWorkflowTaskAttempt,
            };
            run.ScheduleTransientWorkflowTask(scheduled);
        }

        return run;
    }

    /// <summary>When a stored run started, which orders a workflow's runs: a reset run, whose started event is a copy, starts at its reset.</summary>
    private static DateTimeOffset RunStartTime(StoredExecution stored)
    {
        foreach (var e in stored.History)
        {
            if (e.WorkflowTaskFailedEventAttributes is { Cause: Temporalio.Api.Enums.V1.WorkflowTaskFailedCause.ResetWorkflow } failed && failed.NewRunId == stored.RunId)
            {
                return WorkflowRun.ToTime(e.EventTime);
            }
        }

        return stored.History.Count > 0 ? WorkflowRun.ToTime(stored.History[0].EventTime) : DateTimeOffset.MinValue;
    }

    private WorkflowChain GetOrAddChain(WorkflowKey key)
    {
        if (!_workflows.TryGetValue(key, out var chain))
        {
            chain = new WorkflowChain();
            _workflows[key] = chain;
        }

        return chain;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} open runs from the store (durable: {Durable})")]
    private partial void LogLoaded(int count, bool durable);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The store failed to persist a change; the server stops acknowledging changes")]
    private partial void LogStoreFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A timer callback failed")]
    private partial void LogCallbackFailed(Exception exception);
}
