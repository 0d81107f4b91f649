using System.Diagnostics;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Testing;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.TimeSkipping;

/// <summary>
/// The official SDK's time-skipping environment, unmodified, on this server's executable: the SDK starts it as it
/// starts Temporal's test server (<c>&lt;exe&gt; &lt;port&gt;</c>) and drives its TestService.
/// </summary>
public sealed class TimeSkippingEnvironmentTests : IAsyncLifetime
{
    /// <summary>Wall time a skipped 48-hour wait may take, worker round trips included.</summary>
    private static readonly TimeSpan SkippedRunBudget = TimeSpan.FromSeconds(1);

    /// <summary>How long a skipped wait may take before the test fails instead of waiting the skipped hours for real.</summary>
    private static readonly TimeSpan HangDeadline = TimeSpan.FromSeconds(20);

    private WorkflowEnvironment? _env;

    private WorkflowEnvironment Env => _env ?? throw new InvalidOperationException("The environment is not started.");

    public async Task InitializeAsync()
    {
        _env = await WorkflowEnvironment.StartTimeSkippingAsync(new() { TestServer = new() { ExistingPath = DevServerExecutable.Path } });
    }

    public async Task DisposeAsync()
    {
        if (_env is not null)
        {
            await _env.ShutdownAsync();
        }
    }

    [Fact]
    public async Task ExecuteWorkflow_NoApprovalWithin48Hours_EscalatesWellUnderASecond()
    {
        var taskQueue = $"approval-{Guid.NewGuid()}";
        using var worker = NewWorker(taskQueue);
        await worker.ExecuteAsync(async () =>
        {
            // A first run warms the worker up, so the measured one is the server's skipping and nothing else.
            await Env.Client.ExecuteWorkflowAsync((ApprovalEscalationWorkflow wf) => wf.RunAsync("warm-up"), new($"warm-up-{Guid.NewGuid()}", taskQueue)).WaitAsync(HangDeadline);
            var before = await Env.GetCurrentTimeAsync();
            var wall = Stopwatch.StartNew();

            var result = await Env.Client.ExecuteWorkflowAsync((ApprovalEscalationWorkflow wf) => wf.RunAsync("brief-42"), new($"approval-{Guid.NewGuid()}", taskQueue)).WaitAsync(HangDeadline);

            wall.Stop();
            Assert.Equal("brief-42 escalated", result);
            Assert.True(wall.Elapsed < SkippedRunBudget, $"the 48-hour approval wait took {wall.Elapsed} of wall time");
            Assert.True(await Env.GetCurrentTimeAsync() - before >= ApprovalEscalationWorkflow.ApprovalTimeout, "the server's clock did not move past the approval timeout");
        });
    }

    [Fact]
    public async Task ExecuteWorkflow_ApprovedBeforeResultIsAwaited_TimeStaysLockedAndNoEscalation()
    {
        var taskQueue = $"approval-{Guid.NewGuid()}";
        using var worker = NewWorker(taskQueue);
        await worker.ExecuteAsync(async () =>
        {
            var handle = await Env.Client.StartWorkflowAsync((ApprovalEscalationWorkflow wf) => wf.RunAsync("brief-7"), new($"approval-{Guid.NewGuid()}", taskQueue));

            // Time skips only while the SDK waits for a result: until then the 48-hour timer stays far away.
            await handle.SignalAsync(wf => wf.ApproveAsync("editor"));

            Assert.Equal("brief-7 approved by editor", await handle.GetResultAsync().WaitAsync(HangDeadline));
            var history = await handle.FetchHistoryAsync();
            Assert.DoesNotContain(history.Events, e => e.EventType is EventType.TimerFired or EventType.ActivityTaskScheduled);
        });
    }

    [Fact]
    public async Task DelayAsync_FiveHours_MovesServerTimeAtOnce()
    {
        var before = await Env.GetCurrentTimeAsync();
        var wall = Stopwatch.StartNew();

        await Env.DelayAsync(TimeSpan.FromHours(5)).WaitAsync(HangDeadline);

        wall.Stop();
        var moved = await Env.GetCurrentTimeAsync() - before;
        Assert.InRange(moved, TimeSpan.FromHours(5), TimeSpan.FromHours(5) + TimeSpan.FromMinutes(1));
        Assert.True(wall.Elapsed < SkippedRunBudget, $"a 5-hour delay took {wall.Elapsed} of wall time");
    }

    [Fact]
    public async Task ExecuteWorkflow_SixtyDayTimer_CompletesQuicklyWithSixtyDaysOfWorkflowTime()
    {
        var taskQueue = $"delay-{Guid.NewGuid()}";
        using var worker = NewWorker(taskQueue);
        await worker.ExecuteAsync(async () =>
        {
            var wall = Stopwatch.StartNew();

            var slept = await Env.Client.ExecuteWorkflowAsync((LongDelayWorkflow wf) => wf.RunAsync(60), new($"delay-{Guid.NewGuid()}", taskQueue)).WaitAsync(HangDeadline);

            wall.Stop();
            Assert.True(slept >= TimeSpan.FromDays(60), $"the workflow saw only {slept} pass");
            // A fresh worker's first run (worker start-up included), not a warmed-up one: a looser budget.
            Assert.True(wall.Elapsed < TimeSpan.FromSeconds(5), $"a 60-day timer took {wall.Elapsed} of wall time");
        });
    }

    private TemporalWorker NewWorker(string taskQueue) => new(
        Env.Client,
        new TemporalWorkerOptions(taskQueue)
            .AddWorkflow<ApprovalEscalationWorkflow>()
            .AddWorkflow<LongDelayWorkflow>()
            .AddAllActivities(new EscalationActivities()));
}
