using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Api.Grpc;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// Heartbeats of one activity attempt: keeps the latest details, sends at most one heartbeat per throttle interval
/// (in the background, never blocking the activity), and cancels the attempt when the server asks for it, forgets
/// the attempt, or no heartbeat came within the heartbeat timeout.
/// </summary>
internal sealed class ActivityHeartbeater : IDisposable
{
    private readonly object gate = new();
    private readonly IPayloadConverter payloadConverter;
    private readonly Func<Payloads, Task<RecordActivityTaskHeartbeatResponse>> send;
    private readonly ActivityCancellation cancellation;
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan throttleInterval;
    private readonly TimeSpan? heartbeatTimeout;
    private readonly ILogger logger;
    private readonly ITimer throttleTimer;
    private readonly ITimer? timeoutTimer;
    private Payloads? latest;
    private bool hasUnsent;
    private bool sending;
    private bool timerArmed;
    private bool stopped;
    private DateTimeOffset? lastSentAt;

    public ActivityHeartbeater(
        IPayloadConverter payloadConverter,
        Func<Payloads, Task<RecordActivityTaskHeartbeatResponse>> send,
        ActivityCancellation cancellation,
        TimeProvider timeProvider,
        TimeSpan throttleInterval,
        TimeSpan? heartbeatTimeout,
        ILogger logger)
    {
        this.payloadConverter = payloadConverter;
        this.send = send;
        this.cancellation = cancellation;
        this.timeProvider = timeProvider;
        this.throttleInterval = throttleInterval;
        this.heartbeatTimeout = heartbeatTimeout;
        this.logger = logger;
        throttleTimer = timeProvider.CreateTimer(_ => OnThrottleElapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (heartbeatTimeout is { } timeout)
        {
            // The server times the attempt out too; cancelling locally lets the activity stop doing work nobody waits for.
            timeoutTimer = timeProvider.CreateTimer(_ => cancellation.Cancel(ActivityCancelReason.Timeout), null, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Gets the details of the latest heartbeat (sent or not), or null when the activity never heartbeated.</summary>
    public Payloads? LatestDetails
    {
        get
        {
            lock (gate)
            {
                return latest;
            }
        }
    }

    /// <summary>
    /// The throttle interval for an attempt: 80% of its heartbeat timeout, or <paramref name="defaultInterval"/> when
    /// it has none, never more than <paramref name="maxInterval"/>.
    /// </summary>
    public static TimeSpan ThrottleInterval(TimeSpan? heartbeatTimeout, TimeSpan defaultInterval, TimeSpan maxInterval)
    {
        var interval = heartbeatTimeout is { } timeout ? timeout * 0.8 : defaultInterval;
        return interval < maxInterval ? interval : maxInterval;
    }

    /// <summary>Records a heartbeat from the activity.</summary>
    public void Record(object?[] details)
    {
        Payloads payloads;
        try
        {
            payloads = new Payloads();
            foreach (var detail in details)
            {
                payloads.Payloads_.Add(payloadConverter.ToPayload(detail));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            WorkerLog.HeartbeatConversionFailed(logger, e);
            cancellation.Cancel(ActivityCancelReason.HeartbeatRecordFailure);
            return;
        }

        timeoutTimer?.Change(heartbeatTimeout!.Value, Timeout.InfiniteTimeSpan);
        Payloads? due;
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            latest = payloads;
            hasUnsent = true;
            due = TakeDueLocked();
        }

        StartSend(due);
    }

    /// <summary>Stops sending; the attempt is over.</summary>
    public void Stop()
    {
        lock (gate)
        {
            stopped = true;
        }

        throttleTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timeoutTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        Stop();
        throttleTimer.Dispose();
        timeoutTimer?.Dispose();
    }

    /// <summary>Returns the details to send now, or null (nothing new, a send in flight, or throttled: then the timer is armed).</summary>
    private Payloads? TakeDueLocked()
    {
        if (sending || timerArmed || !hasUnsent || stopped)
        {
            return null;
        }

        var due = lastSentAt is { } sentAt ? sentAt + throttleInterval - timeProvider.GetUtcNow() : TimeSpan.Zero;
        if (due > TimeSpan.Zero)
        {
            timerArmed = true;
            throttleTimer.Change(due, Timeout.InfiniteTimeSpan);
            return null;
        }

        hasUnsent = false;
        sending = true;
        lastSentAt = timeProvider.GetUtcNow();
        return latest;
    }

    private void OnThrottleElapsed()
    {
        Payloads? due;
        lock (gate)
        {
            timerArmed = false;
            due = TakeDueLocked();
        }

        StartSend(due);
    }

    // Sends outside the lock: the RPC's synchronous part must not hold up the activity's Heartbeat calls.
    private void StartSend(Payloads? details)
    {
        if (details is not null)
        {
            _ = SendAsync(details);
        }
    }

    private async Task SendAsync(Payloads details)
    {
        try
        {
            var response = await send(details).ConfigureAwait(false);
            if (response.CancelRequested)
            {
                cancellation.Cancel(ActivityCancelReason.CancelRequested);
            }
        }
        catch (RpcException e) when (e.Code == GrpcStatusCode.NotFound)
        {
            cancellation.Cancel(ActivityCancelReason.GoneFromServer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A lost heartbeat is not fatal: the next one carries the latest details, and the server's heartbeat timeout is the backstop.
            WorkerLog.HeartbeatFailed(logger, e);
        }
        finally
        {
            Payloads? due;
            lock (gate)
            {
                sending = false;
                due = TakeDueLocked();
            }

            StartSend(due);
        }
    }
}
