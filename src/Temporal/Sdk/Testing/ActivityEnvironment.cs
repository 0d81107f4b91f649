using System.Collections.Concurrent;
using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.Testing;

/// <summary>
/// Runs activity code in a unit test, without a server or worker: <see cref="ActivityExecutionContext.Current"/> is set
/// from <see cref="Info"/>, heartbeats are recorded in <see cref="Heartbeats"/>, and <see cref="Cancel"/> cancels the
/// activity's token as the worker would.
/// </summary>
public sealed class ActivityEnvironment : IDisposable
{
    private readonly ActivityCancellation cancellation = new();
    private readonly CancellationTokenSource workerShutdown = new();
    private readonly ConcurrentQueue<object?[]> heartbeats = new();

    /// <summary>Gets the info used when none is set: activity "TestActivity", attempt 1, workflow "TestWorkflow".</summary>
    public static ActivityInfo DefaultInfo { get; } = new()
    {
        ActivityId = "test-activity-id",
        ActivityType = "TestActivity",
        Attempt = 1,
        WorkflowNamespace = "default",
        WorkflowId = "test-workflow-id",
        WorkflowRunId = "test-run-id",
        WorkflowType = "TestWorkflow",
        TaskQueue = "test-task-queue",
        TaskToken = new byte[] { 1 },
        ScheduledTime = DateTimeOffset.UnixEpoch,
        CurrentAttemptScheduledTime = DateTimeOffset.UnixEpoch,
        StartedTime = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Gets the attempt's info seen by the activity. Default <see cref="DefaultInfo"/>.</summary>
    public ActivityInfo Info { get; init; } = DefaultInfo;

    /// <summary>Gets the activity's logger. Default: discards.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Gets the payload converter the context exposes. Default: the default converter's.</summary>
    public IPayloadConverter PayloadConverter { get; init; } = DataConverter.Default.PayloadConverter;

    /// <summary>Gets the client the context exposes, or null (then <see cref="ActivityExecutionContext.TemporalClient"/> throws).</summary>
    public ITemporalClient? Client { get; init; }

    /// <summary>Gets the details of every <see cref="ActivityExecutionContext.Heartbeat"/> call, in order.</summary>
    public IReadOnlyCollection<object?[]> Heartbeats => heartbeats;

    /// <summary>Cancels the activity's token, as the worker does when the workflow asks, the attempt times out or the worker shuts down.</summary>
    /// <param name="reason">The reason the activity sees in <see cref="ActivityExecutionContext.CancelReason"/>.</param>
    public void Cancel(ActivityCancelReason reason = ActivityCancelReason.CancelRequested)
    {
        if (reason == ActivityCancelReason.WorkerShutdown)
        {
            workerShutdown.Cancel();
        }

        cancellation.Cancel(reason);
    }

    /// <summary>Cancels <see cref="ActivityExecutionContext.WorkerShutdownToken"/> only: the worker began a graceful shutdown.</summary>
    public void BeginWorkerShutdown() => workerShutdown.Cancel();

    /// <summary>Runs an asynchronous activity with a result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="activity">The activity call, e.g. <c>() =&gt; activities.DraftAsync(input)</c>.</param>
    /// <returns>The activity's result.</returns>
    public Task<T> RunAsync<T>(Func<Task<T>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return CreateContext().RunAsync(activity);
    }

    /// <summary>Runs an asynchronous activity without a result.</summary>
    /// <param name="activity">The activity call.</param>
    /// <returns>A task that completes with the activity.</returns>
    public Task RunAsync(Func<Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return CreateContext().RunAsync(async () =>
        {
            await activity().ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Runs a synchronous activity with a result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="activity">The activity call.</param>
    /// <returns>The activity's result.</returns>
    public Task<T> RunAsync<T>(Func<T> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return CreateContext().RunAsync(() => Task.FromResult(activity()));
    }

    /// <summary>Releases the environment's token sources.</summary>
    public void Dispose()
    {
        cancellation.Dispose();
        workerShutdown.Dispose();
    }

    private ActivityExecutionContext CreateContext() =>
        new(Info with { PayloadConverter = PayloadConverter }, cancellation, workerShutdown.Token, Logger, PayloadConverter, heartbeats.Enqueue, Client);
}
