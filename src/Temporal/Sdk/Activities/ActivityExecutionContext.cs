using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Activities;

/// <summary>
/// What an activity can see and do while it runs: its <see cref="Info"/>, a <see cref="CancellationToken"/>
/// and <see cref="Heartbeat"/>. Available through <see cref="Current"/> inside an activity (an async local).
/// </summary>
public sealed class ActivityExecutionContext
{
    private static readonly AsyncLocal<ActivityExecutionContext?> AsyncLocalCurrent = new();

    private readonly ActivityCancellation cancellation;
    private readonly Action<object?[]> heartbeater;
    private readonly ITemporalClient? client;

    /// <summary>Initializes a new instance; the worker (or the test environment) creates contexts.</summary>
    internal ActivityExecutionContext(
        ActivityInfo info,
        ActivityCancellation cancellation,
        CancellationToken workerShutdownToken,
        ILogger logger,
        IPayloadConverter payloadConverter,
        Action<object?[]> heartbeater,
        ITemporalClient? client)
    {
        Info = info;
        this.cancellation = cancellation;
        WorkerShutdownToken = workerShutdownToken;
        Logger = logger;
        PayloadConverter = payloadConverter;
        this.heartbeater = heartbeater;
        this.client = client;
    }

    /// <summary>Gets a value indicating whether the calling code runs inside an activity.</summary>
    public static bool HasCurrent => AsyncLocalCurrent.Value is not null;

    /// <summary>Gets the context of the activity the calling code runs in.</summary>
    /// <exception cref="InvalidOperationException">The calling code does not run inside an activity.</exception>
    public static ActivityExecutionContext Current =>
        AsyncLocalCurrent.Value ?? throw new InvalidOperationException("No activity is running on this async flow; ActivityExecutionContext.Current is only available inside an activity.");

    /// <summary>Gets the attempt's information.</summary>
    public ActivityInfo Info { get; }

    /// <summary>Gets a logger whose scope carries the activity id, type, attempt and workflow ids.</summary>
    public ILogger Logger { get; }

    /// <summary>
    /// Gets the token cancelled when the workflow asks for cancellation (seen on a heartbeat), when the attempt
    /// times out or the server forgets it, or when the worker shuts down. <see cref="CancelReason"/> says which.
    /// </summary>
    public CancellationToken CancellationToken => cancellation.Token;

    /// <summary>Gets the token cancelled as soon as the worker starts shutting down (before <see cref="CancellationToken"/>, which waits for the graceful period).</summary>
    public CancellationToken WorkerShutdownToken { get; }

    /// <summary>Gets why <see cref="CancellationToken"/> was cancelled, or <see cref="ActivityCancelReason.None"/>.</summary>
    public ActivityCancelReason CancelReason => cancellation.Reason;

    /// <summary>Gets the payload converter of the worker's data converter.</summary>
    public IPayloadConverter PayloadConverter { get; }

    /// <summary>Gets the client the worker was created with, for activities that start or signal workflows.</summary>
    /// <exception cref="InvalidOperationException">The context was created without a client (a test environment).</exception>
    public ITemporalClient TemporalClient =>
        client ?? throw new InvalidOperationException("This activity context has no Temporal client (it was created by a test environment without one).");

    /// <summary>
    /// Records a heartbeat with optional progress details. Cheap to call often: calls are throttled to 80% of the
    /// heartbeat timeout (30 s when none) and sent in the background; the latest details always win, and a
    /// retried attempt sees them in <see cref="ActivityInfo.HeartbeatDetails"/>. Heartbeats are how a running
    /// activity learns it was cancelled.
    /// </summary>
    /// <param name="details">Progress details, converted with the worker's data converter.</param>
    public void Heartbeat(params object?[] details) => heartbeater(details ?? []);

    /// <summary>Runs <paramref name="body"/> with this context as <see cref="Current"/> for its whole async flow.</summary>
    internal async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        AsyncLocalCurrent.Value = this;
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            AsyncLocalCurrent.Value = null;
        }
    }
}
