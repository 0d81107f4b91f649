using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.TestService.V1;

namespace ContentFlows.Temporal.DevServer.TimeSkipping;

/// <summary>
/// Temporal's TestService (what the Java test server serves and the SDKs' time-skipping environments call), on the
/// same port as the WorkflowService: lock and unlock skipping, sleep in skippable time, read the current time.
/// </summary>
internal static class TestServiceEndpoints
{
    public const string ServiceName = "temporal.api.testservice.v1.TestService";

    public static GrpcServiceDefinition Create(SkippableTimeProvider clock) => new GrpcServiceDefinition(ServiceName)
        .AddUnary("LockTimeSkipping", LockTimeSkippingRequest.Parser, (_, _) =>
        {
            clock.Lock();
            return Task.FromResult(new LockTimeSkippingResponse());
        })
        .AddUnary("UnlockTimeSkipping", UnlockTimeSkippingRequest.Parser, (_, _) =>
        {
            Unlock(clock);
            return Task.FromResult(new UnlockTimeSkippingResponse());
        })
        .AddUnary("Sleep", SleepRequest.Parser, async (r, c) =>
        {
            await clock.SleepUntilAsync(clock.GetUtcNow() + DurationOf(r.Duration), c.CancellationToken).ConfigureAwait(false);
            return new SleepResponse();
        })
        .AddUnary("SleepUntil", SleepUntilRequest.Parser, async (r, c) =>
        {
            await clock.SleepUntilAsync(r.Timestamp?.ToDateTimeOffset() ?? clock.GetUtcNow(), c.CancellationToken).ConfigureAwait(false);
            return new SleepResponse();
        })
        .AddUnary("UnlockTimeSkippingWithSleep", SleepRequest.Parser, async (r, c) =>
        {
            // Unlocked for the sleep only, then locked again, as the Java test server does (even when the caller leaves).
            var until = clock.GetUtcNow() + DurationOf(r.Duration);
            Unlock(clock);
            try
            {
                await clock.SleepUntilAsync(until, c.CancellationToken).ConfigureAwait(false);
            }
            finally
            {
                clock.Lock();
            }

            return new SleepResponse();
        })
        .AddUnary("GetCurrentTime", Empty.Parser, (_, _) =>
            Task.FromResult(new GetCurrentTimeResponse { Time = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) }));

    private static void Unlock(SkippableTimeProvider clock)
    {
        if (!clock.TryUnlock())
        {
            throw new GrpcException(GrpcStatusCode.FailedPrecondition, "Time skipping is not locked: every UnlockTimeSkipping needs an earlier LockTimeSkipping.");
        }
    }

    private static TimeSpan DurationOf(Duration? duration)
    {
        var span = duration?.ToTimeSpan() ?? TimeSpan.Zero;
        return span < TimeSpan.Zero
            ? throw new GrpcException(GrpcStatusCode.InvalidArgument, $"SleepRequest.Duration must not be negative, got {span}.")
            : span;
    }
}
