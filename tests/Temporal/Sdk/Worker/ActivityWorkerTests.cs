using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Worker;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>The activity half of <see cref="TemporalWorker"/>, end to end against the dev server; the test plays the workflow by hand.</summary>
[Collection(WorkerEnvironmentCollection.Name)]
public sealed class ActivityWorkerTests(WorkerEnvironmentFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private ITemporalClient Client => fixture.Client;

    [Fact]
    public async Task ExecuteAsync_ActivitySucceeds_ResultInHistory()
    {
        var activities = new ActivityWorkerTestActivities();
        var (worker, taskQueue) = CreateWorker(activities);
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("Greet", workflow.Arguments("World"), taskQueue));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskCompleted);
        });

        var completed = Single(events, EventType.ActivityTaskCompleted).ActivityTaskCompletedEventAttributes;
        Assert.Equal("Hello, World", Decode<string>(completed.Result.Payloads_[0]));
        var info = await activities.LastInfo.Task.WaitAsync(WaitLimit);
        Assert.Equal(workflow.WorkflowId, info.WorkflowId);
        Assert.Equal(workflow.RunId, info.WorkflowRunId);
        Assert.Equal(ManualWorkflow.WorkflowTypeName, info.WorkflowType);
        Assert.Equal("Greet", info.ActivityType);
        Assert.Equal(1, info.Attempt);
        Assert.Equal(taskQueue, info.TaskQueue);
    }

    [Fact]
    public async Task ExecuteAsync_ActivityFailsTwice_ThirdAttemptCompletes()
    {
        var (worker, taskQueue) = CreateWorker(new ActivityWorkerTestActivities());
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);
        var retry = new Temporalio.Api.Common.V1.RetryPolicy { InitialInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(50)), MaximumAttempts = 5 };

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("Flaky", workflow.Arguments(3), taskQueue, retryPolicy: retry));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskCompleted);
        });

        var started = Single(events, EventType.ActivityTaskStarted).ActivityTaskStartedEventAttributes;
        Assert.Equal(3, started.Attempt);
        Assert.Equal("attempt 2 failed", started.LastFailure.Message);
        Assert.Equal("FlakyFailure", started.LastFailure.ApplicationFailureInfo.Type);
        var completed = Single(events, EventType.ActivityTaskCompleted).ActivityTaskCompletedEventAttributes;
        Assert.Equal("succeeded on attempt 3", Decode<string>(completed.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ExecuteAsync_ActivityAlwaysFails_FailureAfterMaximumAttempts()
    {
        var (worker, taskQueue) = CreateWorker(new ActivityWorkerTestActivities());
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);
        var retry = new Temporalio.Api.Common.V1.RetryPolicy { InitialInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(50)), MaximumAttempts = 2 };

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("AlwaysFails", workflow.Arguments(), taskQueue, retryPolicy: retry));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskFailed);
        });

        Assert.Equal(2, Single(events, EventType.ActivityTaskStarted).ActivityTaskStartedEventAttributes.Attempt);
        var failed = Single(events, EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes;
        Assert.Equal("always fails", failed.Failure.Message);
        Assert.Equal(nameof(InvalidOperationException), failed.Failure.ApplicationFailureInfo.Type);
        Assert.Equal(RetryState.MaximumAttemptsReached, failed.RetryState);
    }

    [Fact]
    public async Task ExecuteAsync_ActivityHeartbeatsThenFails_RetrySeesLastDetails()
    {
        var (worker, taskQueue) = CreateWorker(new ActivityWorkerTestActivities());
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);
        var retry = new Temporalio.Api.Common.V1.RetryPolicy { InitialInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(50)), MaximumAttempts = 2 };

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("HeartbeatThenFail", workflow.Arguments(), taskQueue, retryPolicy: retry));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskCompleted);
        });

        var completed = Single(events, EventType.ActivityTaskCompleted).ActivityTaskCompletedEventAttributes;
        Assert.Equal("progress-7/7", Decode<string>(completed.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ExecuteAsync_WorkflowRequestsCancel_ActivitySeesCancelRequestedAndReportsCanceled()
    {
        var activities = new ActivityWorkerTestActivities();
        var (worker, taskQueue) = CreateWorker(activities);
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity(
                "HeartbeatUntilCancelled", workflow.Arguments(), taskQueue, heartbeatTimeout: TimeSpan.FromSeconds(3)));
            await activities.Started.Task.WaitAsync(WaitLimit);

            // A signal gives the hand-played workflow a task in which to ask for the cancellation.
            await workflow.SignalAsync("cancel-now");
            var task = await workflow.PollAsync();
            var scheduled = task.History.Events.Single(e => e.EventType == EventType.ActivityTaskScheduled);
            await workflow.RespondAsync(task, ManualWorkflow.RequestCancelActivity(scheduled.EventId));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskCanceled);
        });

        Assert.Equal(ActivityCancelReason.CancelRequested, await activities.Cancelled.Task.WaitAsync(WaitLimit));
        Assert.Contains(events, e => e.EventType == EventType.ActivityTaskCanceled);
    }

    [Fact]
    public async Task ExecuteAsync_NoHeartbeatWithinTimeout_ActivityCancelledAndTimedOut()
    {
        var activities = new ActivityWorkerTestActivities();
        var (worker, taskQueue) = CreateWorker(activities);
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity(
                "HeartbeatOnceThenWait", workflow.Arguments(), taskQueue, heartbeatTimeout: TimeSpan.FromSeconds(2)));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskTimedOut);
        });

        var timedOut = Single(events, EventType.ActivityTaskTimedOut).ActivityTaskTimedOutEventAttributes;
        Assert.Equal(TimeoutType.Heartbeat, timedOut.Failure.TimeoutFailureInfo.TimeoutType);
        Assert.Equal("once", Decode<string>(timedOut.Failure.TimeoutFailureInfo.LastHeartbeatDetails.Payloads_[0]));
        Assert.Equal(ActivityCancelReason.Timeout, await activities.Cancelled.Task.WaitAsync(WaitLimit));
    }

    [Fact]
    public async Task ExecuteAsync_StartToCloseElapses_ActivityCancelledWithTimeout()
    {
        var activities = new ActivityWorkerTestActivities();
        var (worker, taskQueue) = CreateWorker(activities);
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity(
                "HeartbeatOnceThenWait", workflow.Arguments(), taskQueue, startToClose: TimeSpan.FromSeconds(3)));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskTimedOut);
        });

        var timedOut = Single(events, EventType.ActivityTaskTimedOut).ActivityTaskTimedOutEventAttributes;
        Assert.Equal(TimeoutType.StartToClose, timedOut.Failure.TimeoutFailureInfo.TimeoutType);
        Assert.Equal(ActivityCancelReason.Timeout, await activities.Cancelled.Task.WaitAsync(WaitLimit));
    }

    [Fact]
    public async Task ExecuteAsync_UnknownActivityType_FailsWithNotFoundErrorListingRegistered()
    {
        var (worker, taskQueue) = CreateWorker(new ActivityWorkerTestActivities());
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);

        var events = await worker.ExecuteAsync(async () =>
        {
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("NoSuchActivity", workflow.Arguments(), taskQueue));
            return await workflow.WaitForEventAsync(EventType.ActivityTaskFailed);
        });

        var failure = Single(events, EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes.Failure;
        Assert.Equal("NotFoundError", failure.ApplicationFailureInfo.Type);
        Assert.False(failure.ApplicationFailureInfo.NonRetryable);
        Assert.Equal(
            "Activity function NoSuchActivity is not registered on this worker, available activities: AlwaysFails, FinishOnWorkerShutdown, Flaky, Greet, HeartbeatOnceThenWait, HeartbeatThenFail, HeartbeatUntilCancelled",
            failure.Message);
    }

    [Fact]
    public async Task ExecuteAsync_WorkerStopsDuringActivity_ActivitySeesWorkerShutdownAndFailureIsReported()
    {
        var activities = new ActivityWorkerTestActivities();
        var (worker, taskQueue) = CreateWorker(activities);
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);
        using var stop = new CancellationTokenSource();

        var running = worker.ExecuteAsync(stop.Token);
        await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("HeartbeatOnceThenWait", workflow.Arguments(), taskQueue));
        await activities.Started.Task.WaitAsync(WaitLimit);
        await stop.CancelAsync();
        Exception? stopped = null;
        try
        {
            await running;
        }
        catch (OperationCanceledException e)
        {
            stopped = e;
        }

        Assert.NotNull(stopped);

        Assert.Equal(ActivityCancelReason.WorkerShutdown, await activities.Cancelled.Task.WaitAsync(WaitLimit));
        var events = await workflow.WaitForEventAsync(EventType.ActivityTaskFailed);
        var failure = Single(events, EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes.Failure;
        Assert.Equal("WorkerShutdown", failure.ApplicationFailureInfo.Type);
        Assert.False(failure.ApplicationFailureInfo.NonRetryable);
    }

    [Fact]
    public async Task ExecuteAsync_GracefulShutdownTimeout_RunningActivityFinishesAndCompletes()
    {
        var activities = new ActivityWorkerTestActivities();
        var taskQueue = "activities-" + Guid.NewGuid().ToString("N");
        using var worker = new TemporalWorker(
            Client,
            new TemporalWorkerOptions(taskQueue) { GracefulShutdownTimeout = TimeSpan.FromSeconds(20), LoggerFactory = TestOutputLoggerProvider.CreateFactory(output) }
                .AddAllActivities(activities));
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);
        using var stop = new CancellationTokenSource();

        var running = worker.ExecuteAsync(stop.Token);
        await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("FinishOnWorkerShutdown", workflow.Arguments(), taskQueue));
        await activities.Started.Task.WaitAsync(WaitLimit);
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        var events = await workflow.WaitForEventAsync(EventType.ActivityTaskCompleted);
        var completed = Single(events, EventType.ActivityTaskCompleted).ActivityTaskCompletedEventAttributes;
        Assert.Equal("finished during graceful shutdown", Decode<string>(completed.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ExecuteAsync_PollFailsWithNonRetryableError_WorkerStopsWithThatError()
    {
        var service = InterceptingWorkflowService.Create(Client.WorkflowService, (method, _, call) =>
            method == nameof(IWorkflowService.PollActivityTaskQueueAsync)
                ? Task.FromException<Temporalio.Api.WorkflowService.V1.PollActivityTaskQueueResponse>(new RpcException(GrpcStatusCode.PermissionDenied, "not allowed"))
                : call());
        using var client = new TemporalClient(service, new TemporalClientOptions());
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions("q-" + Guid.NewGuid().ToString("N")).AddAllActivities(new ActivityWorkerTestActivities()));

        var error = await Assert.ThrowsAsync<RpcException>(() => worker.ExecuteAsync(CancellationToken.None));

        Assert.Equal(GrpcStatusCode.PermissionDenied, error.Code);
    }

    [Fact]
    public async Task ExecuteAsync_OneActivitySlot_PollsOnlyWhileTheSlotIsFree()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var service = InterceptingWorkflowService.Create(Client.WorkflowService, (method, _, call) =>
        {
            if (method != nameof(IWorkflowService.PollActivityTaskQueueAsync))
            {
                return call();
            }

            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            return TrackAsync(call);
        });
        async Task<Temporalio.Api.WorkflowService.V1.PollActivityTaskQueueResponse> TrackAsync(Func<object?> call)
        {
            try
            {
                return await ((Task<Temporalio.Api.WorkflowService.V1.PollActivityTaskQueueResponse>)call()!).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        using var client = new TemporalClient(service, new TemporalClientOptions());
        var activities = new ActivityWorkerTestActivities();
        var taskQueue = "activities-" + Guid.NewGuid().ToString("N");
        using var worker = new TemporalWorker(
            client,
            new TemporalWorkerOptions(taskQueue) { MaxConcurrentActivities = 1, MaxConcurrentActivityTaskPolls = 2 }.AddAllActivities(activities));
        var workflow = await ManualWorkflow.StartAsync(Client, taskQueue);
        using var stop = new CancellationTokenSource();

        var running = worker.ExecuteAsync(stop.Token);
        await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("HeartbeatOnceThenWait", workflow.Arguments(), taskQueue));
        await activities.Started.Task.WaitAsync(WaitLimit);
        var inFlightWhileRunning = Volatile.Read(ref inFlight);
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Equal(0, inFlightWhileRunning);
        Assert.Equal(1, maxInFlight);
    }

    [Fact]
    public async Task ExecuteAsync_NamespaceMissing_FailsWithClearError()
    {
        using var client = new TemporalClient(Client.WorkflowService, new TemporalClientOptions { Namespace = "no-such-namespace" });
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions("q-" + Guid.NewGuid().ToString("N")).AddAllActivities(new ActivityWorkerTestActivities()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.ExecuteAsync(CancellationToken.None));

        Assert.Contains("namespace 'no-such-namespace' does not exist", error.Message, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static HistoryEvent Single(IReadOnlyList<HistoryEvent> events, EventType type) => events.Single(e => e.EventType == type);

    private T Decode<T>(Temporalio.Api.Common.V1.Payload payload) => (T)Client.Options.DataConverter.PayloadConverter.ToValue(payload, typeof(T))!;

    private (TemporalWorker Worker, string TaskQueue) CreateWorker(ActivityWorkerTestActivities activities)
    {
        var taskQueue = "activities-" + Guid.NewGuid().ToString("N");
        return (new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue) { LoggerFactory = TestOutputLoggerProvider.CreateFactory(output) }.AddAllActivities(activities)), taskQueue);
    }
}
