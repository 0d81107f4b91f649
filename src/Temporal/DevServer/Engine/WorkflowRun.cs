using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// One run's history and the mutable state derived from it. State changes come from events through
/// <see cref="Apply"/>, so a run is rebuilt after a restart by applying its stored history; the few
/// facts history does not hold (attempts of activities, buffered events) travel in <see cref="RunVolatileState"/>.
/// All members are used under the engine's lock.
/// </summary>
internal sealed partial class WorkflowRun
{
    // Counts state changes made by the current thread. An engine change runs synchronously on one thread, so
    // the difference across it tells whether a failed change left anything behind (other engines, on other
    // threads, do not disturb it).
    [ThreadStatic]
    private static long _appliedOnThisThread;

    private readonly List<HistoryEvent> _history = [];
    private readonly List<HistoryEvent> _unsaved = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkflowRun(NamespaceEntry ns, string workflowId, string runId)
    {
        Namespace = ns;
        WorkflowId = workflowId;
        RunId = runId;
    }

    public NamespaceEntry Namespace { get; }

    public string WorkflowId { get; }

    public string RunId { get; }

    public RunKey Key => new(Namespace.Id, RunId);

    public WorkflowExecution Execution => new() { WorkflowId = WorkflowId, RunId = RunId };

    public IReadOnlyList<HistoryEvent> History => _history;

    public long NextEventId => _history.Count + 1;

    public long HistorySizeBytes { get; private set; }

    public WorkflowExecutionStartedEventAttributes Started { get; private set; } = new();

    public WorkflowExecutionStatus Status { get; private set; } = WorkflowExecutionStatus.Running;

    public bool IsOpen => Status == WorkflowExecutionStatus.Running;

    public DateTimeOffset StartTime { get; private set; }

    public DateTimeOffset ExecutionTime { get; private set; }

    public DateTimeOffset? CloseTime { get; private set; }

    public HistoryEvent? CloseEvent { get; private set; }

    public string CreateRequestId { get; set; } = string.Empty;

    public WorkflowTaskInfo? WorkflowTask { get; private set; }

    /// <summary>Gets the started-event id of the last completed workflow task (0 when none completed).</summary>
    public long LastCompletedWorkflowTaskStartedEventId { get; private set; }

    public long LastCompletedWorkflowTaskCompletedEventId { get; private set; }

    public bool FirstWorkflowTaskBackoffPending { get; set; }

    public Dictionary<long, PendingActivity> Activities { get; } = [];

    public Dictionary<string, PendingTimer> Timers { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, PendingChild> Children { get; } = [];

    /// <summary>Gets external signal/cancel commands awaiting their outcome event, by initiated event id.</summary>
    public Dictionary<long, HistoryEvent> PendingExternal { get; } = [];

    public HashSet<string> SignalRequestIds { get; } = new(StringComparer.Ordinal);

    public bool CancelRequested { get; private set; }

    public Dictionary<string, Payload> SearchAttributes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Payload> Memo { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets events that arrived while a workflow task was started; they join history when it closes.</summary>
    public List<HistoryEvent> Buffered { get; } = [];

    /// <summary>Gets queries waiting to ride on the next workflow task.</summary>
    public List<PendingQuery> BufferedQueries { get; } = [];

    /// <summary>Gets queries handed to the started workflow task, answered by its completion.</summary>
    public List<PendingQuery> InFlightQueries { get; } = [];

    /// <summary>
    /// Gets the sticky queue of the worker that holds this run in its cache (empty when none). Volatile, as
    /// the cache it stands for: not persisted, so after a restart tasks go to the normal queue with full history.
    /// </summary>
    public string StickyQueue { get; private set; } = string.Empty;

    /// <summary>Gets how long a task waits on the sticky queue before it goes back to the normal one.</summary>
    public TimeSpan StickyScheduleToStartTimeout { get; private set; }

    public bool IsSticky => StickyQueue.Length > 0;

    /// <summary>Gets the queue the next workflow task is scheduled on: the sticky one when set (Temporal's CurrentTaskQueue).</summary>
    public TaskQueue CurrentTaskQueue => IsSticky
        ? new TaskQueue { Name = StickyQueue, Kind = TaskQueueKind.Sticky, NormalName = TaskQueueName }
        : new TaskQueue { Name = TaskQueueName, Kind = TaskQueueKind.Normal };

    public int StateTransitionCount { get; private set; }

    /// <summary>Gets a task that completes at the next change of history or status (for long polls).</summary>
    public Task Changed => _changed.Task;

    /// <summary>Gets how many events this thread has applied or appended, to any run; compared before and after a change.</summary>
    public static long AppliedOnThisThread => _appliedOnThisThread;

    public string WorkflowTypeName => Started.WorkflowType?.Name ?? string.Empty;

    public string TaskQueueName => Started.TaskQueue?.Name ?? string.Empty;

    /// <summary>Appends an event to history (assigning its id) and applies it.</summary>
    public HistoryEvent Append(HistoryEvent e)
    {
        MaterializeSpeculativeWorkflowTask();
        e.EventId = NextEventId;
        _history.Add(e);
        _unsaved.Add(e);
        HistorySizeBytes += e.CalculateSize();
        Apply(e);
        return e;
    }

    /// <summary>Appends without applying: for buffered events whose state change was applied when they arrived.</summary>
    public void AppendApplied(HistoryEvent e)
    {
        _appliedOnThisThread++;
        e.EventId = NextEventId;
        _history.Add(e);
        _unsaved.Add(e);
        HistorySizeBytes += e.CalculateSize();
    }

    /// <summary>Takes the events not yet handed to the store.</summary>
    public IReadOnlyList<HistoryEvent> TakeUnsaved()
    {
        if (_unsaved.Count == 0)
        {
            return [];
        }

        var events = _unsaved.ToArray();
        _unsaved.Clear();
        return events;
    }

    /// <summary>Wakes long polls waiting on this run.</summary>
    public void NotifyChanged()
    {
        StateTransitionCount++;
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    /// <summary>Loads stored history without marking it unsaved.</summary>
    public void LoadHistory(IEnumerable<HistoryEvent> events)
    {
        foreach (var e in events)
        {
            _history.Add(e);
            HistorySizeBytes += e.CalculateSize();
            Apply(e);
        }

        // Stored history is durable: callers may see the updates it accepted and completed.
        Updates.PublishAll();
    }

    public void SetStickyQueue(string name, TimeSpan scheduleToStartTimeout)
    {
        StickyQueue = name;
        StickyScheduleToStartTimeout = scheduleToStartTimeout;
    }

    public void ClearStickyQueue()
    {
        StickyQueue = string.Empty;
        StickyScheduleToStartTimeout = TimeSpan.Zero;
    }

    public static DateTimeOffset ToTime(Timestamp? timestamp) => timestamp?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
}
