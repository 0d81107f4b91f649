using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

public sealed class ActivityHeartbeaterTests : IDisposable
{
    private static readonly TimeSpan Throttle = TimeSpan.FromSeconds(8);
    private readonly ManualTimeProvider time = new();
    private readonly ActivityCancellation cancellation = new();
    private readonly List<Payloads> sent = [];
    private RecordActivityTaskHeartbeatResponse response = new();
    private Exception? sendError;

    [Theory]
    [InlineData(10, 8)]
    [InlineData(null, 30)]
    [InlineData(100, 60)]
    public void ThrottleInterval_HeartbeatTimeout_EightyPercentWithinBounds(int? timeoutSeconds, int expectedSeconds)
    {
        var interval = ActivityHeartbeater.ThrottleInterval(
            timeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), interval);
    }

    [Fact]
    public void Record_First_SentAtOnce()
    {
        using var heartbeater = Create();

        heartbeater.Record(["a"]);

        Assert.Equal(["a"], SentValues());
    }

    [Fact]
    public void Record_WithinThrottle_OnlyLatestSentWhenIntervalEnds()
    {
        using var heartbeater = Create();
        heartbeater.Record(["a"]);

        heartbeater.Record(["b"]);
        heartbeater.Record(["c"]);
        time.Advance(Throttle - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], SentValues());
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["a", "c"], SentValues());
        Assert.Equal("c", DataConverter.Default.PayloadConverter.ToValue<string>(heartbeater.LatestDetails!.Payloads_[0]));
    }

    [Fact]
    public void Record_ServerReportsCancelRequested_CancelsWithCancelRequested()
    {
        response = new RecordActivityTaskHeartbeatResponse { CancelRequested = true };
        using var heartbeater = Create();

        heartbeater.Record([]);

        Assert.True(cancellation.Token.IsCancellationRequested);
        Assert.Equal(ActivityCancelReason.CancelRequested, cancellation.Reason);
    }

    [Fact]
    public void Record_ServerNoLongerKnowsAttempt_CancelsWithGoneFromServer()
    {
        sendError = new RpcException(GrpcStatusCode.NotFound, "activity not found");
        using var heartbeater = Create();

        heartbeater.Record([]);

        Assert.Equal(ActivityCancelReason.GoneFromServer, cancellation.Reason);
    }

    [Fact]
    public void Record_OtherSendError_KeepsRunning()
    {
        sendError = new RpcException(GrpcStatusCode.Unavailable, "server restarting");
        using var heartbeater = Create();

        heartbeater.Record([]);

        Assert.False(cancellation.Token.IsCancellationRequested);
    }

    [Fact]
    public void HeartbeatTimeout_NoHeartbeat_CancelsWithTimeout()
    {
        using var heartbeater = Create(heartbeatTimeout: TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(6));
        heartbeater.Record(["alive"]);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(cancellation.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ActivityCancelReason.Timeout, cancellation.Reason);
    }

    [Fact]
    public void Stop_PendingHeartbeat_NotSent()
    {
        var heartbeater = Create();
        heartbeater.Record(["a"]);
        heartbeater.Record(["b"]);

        heartbeater.Dispose();
        time.Advance(Throttle);

        Assert.Equal(["a"], SentValues());
    }

    public void Dispose() => cancellation.Dispose();

    private ActivityHeartbeater Create(TimeSpan? heartbeatTimeout = null) => new(
        DataConverter.Default.PayloadConverter,
        details =>
        {
            sent.Add(details);
            return sendError is null ? Task.FromResult(response) : Task.FromException<RecordActivityTaskHeartbeatResponse>(sendError);
        },
        cancellation,
        time,
        Throttle,
        heartbeatTimeout,
        NullLogger.Instance);

    private List<string> SentValues() => [.. sent.Select(p => DataConverter.Default.PayloadConverter.ToValue<string>(p.Payloads_[0]))];
}
