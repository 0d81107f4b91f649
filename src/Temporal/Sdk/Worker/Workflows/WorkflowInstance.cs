using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Workflows;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>
/// One run of a workflow in memory: the workflow object, its scheduler, the commands it issued and the
/// pending activities, timers, children and conditions they wait on. History drives it (see the History
/// partial); the static <see cref="Workflow"/> API calls into it through <see cref="Current"/>.
/// Everything here runs on the thread that drains the scheduler, one activation at a time.
/// </summary>
internal sealed partial class WorkflowInstance
{
    private readonly WorkflowInstanceOptions options;
    private readonly WorkflowTaskScheduler scheduler;
    private readonly CancellationTokenSource cancellation = new();
    private readonly LinkedList<PendingCommand> unmatchedCommands = new();
    private readonly List<PendingCommand> outgoingCommands = [];
    private readonly ILogger logger;
    private WorkflowInfo? info;
    private Random? random;
    private object? workflow;
    private Task<object?>? runTask;
    private int activation;
    private long activationStartTimestamp;
    private bool inQuery;

    public WorkflowInstance(WorkflowInstanceOptions options)
    {
        this.options = options;
        scheduler = new WorkflowTaskScheduler(this);
        logger = new ReplaySafeLogger(options.LoggerFactory.CreateLogger($"ContentFlows.Temporal.Workflows.{options.Definition.Name}"), this);
    }

    /// <summary>Gets the instance whose workflow code is running on the current thread, or null outside workflows.</summary>
    public static WorkflowInstance? Current => (TaskScheduler.Current as WorkflowTaskScheduler)?.Instance;

    public WorkflowDefinition Definition => options.Definition;

    public string WorkflowId => options.WorkflowId;

    public string RunId => options.RunId;

    public WorkflowInfo Info => info ?? throw new InvalidOperationException("The workflow has not started yet.");

    public IPayloadConverter PayloadConverter => options.DataConverter.PayloadConverter;

    public DateTime UtcNow { get; private set; }

    public bool IsReplaying { get; private set; }

    public CancellationToken CancellationToken => cancellation.Token;

    public ILogger Logger => logger;

    public Random Random => random ?? throw new InvalidOperationException("The workflow has not started yet.");

    /// <summary>Gets a value indicating whether the workflow issued its closing command (complete, fail, cancel, continue as new).</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Gets the command that closed the run (complete, fail, cancel, continue as new), or null.</summary>
    public Command? CloseCommand { get; private set; }

    /// <summary>Gets the id of the last history event applied.</summary>
    public long LastEventId { get; private set; }

    /// <summary>Gets the WorkflowTaskStarted event id of the last activation, 0 before the first.</summary>
    public long LastActivationStartedEventId { get; private set; }

    /// <summary>Gets a value indicating whether a failure left the instance unusable (deadlock, task failure): it must be replayed from scratch.</summary>
    public bool IsPoisoned { get; private set; }

    /// <summary>Gets how long the current activation has run, or null when none runs (read by the deadlock watchdog).</summary>
    public TimeSpan? CurrentActivationElapsed
    {
        get
        {
            var start = Interlocked.Read(ref activationStartTimestamp);
            return start == 0 ? null : Stopwatch.GetElapsedTime(start);
        }
    }

    private DataConverter Converter => options.DataConverter;

    /// <summary>Gets the instance for the running workflow code, or throws a clear error outside workflows.</summary>
    /// <returns>The instance.</returns>
    public static WorkflowInstance Require() =>
        Current ?? throw new InvalidOperationException(
            "Not in a workflow. The Workflow API works only inside workflow code running on the workflow's scheduler; "
            + "Task.Run, Task.Delay, ConfigureAwait(false), threads and timers leave it.");

    /// <summary>Marks the instance unusable after a failure; the next task for its run replays from scratch.</summary>
    public void Poison() => IsPoisoned = true;

    /// <summary>A deterministic GUID (version 4 layout) from the workflow's seeded random.</summary>
    /// <returns>The GUID.</returns>
    public Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static int SeedFrom(string runId)
    {
        // A stable seed for the run: same value on every worker and every replay.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(runId), hash);
        return BitConverter.ToInt32(hash);
    }

    /// <summary>Issues a command; history must record it (in this order) after this workflow task completes.</summary>
    private PendingCommand AddCommand(Command command, Action<HistoryEvent>? onRecorded = null)
    {
        EnsureCanIssueCommands();
        var pending = new PendingCommand(command, activation, onRecorded);
        if (command.CommandType is CommandType.CompleteWorkflowExecution or CommandType.FailWorkflowExecution
            or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution)
        {
            CloseCommand = command;
        }

        unmatchedCommands.AddLast(pending);
        outgoingCommands.Add(pending);
        return pending;
    }

    /// <summary>Withdraws a command issued in the current activation (e.g. a timer cancelled before it was sent), as sdk-core does.</summary>
    private bool TryWithdrawCommand(PendingCommand? pending)
    {
        if (pending is null || pending.Activation != activation || !outgoingCommands.Remove(pending))
        {
            return false;
        }

        unmatchedCommands.Remove(pending);
        return true;
    }

    private void EnsureCanIssueCommands()
    {
        if (inQuery)
        {
            throw new InvalidOperationException("Query handlers must not change the workflow: they cannot schedule activities, timers, children or signals.");
        }

        if (IsClosed)
        {
            throw new InvalidOperationException("The workflow has already closed; it cannot issue more commands.");
        }
    }
}
