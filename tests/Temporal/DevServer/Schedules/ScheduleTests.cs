using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.Schedules;

/// <summary>Schedules through the official .NET SDK's schedule API, over real gRPC, against the in-process dev server.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ScheduleTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly DevServerFixture fixture;
    private readonly string taskQueue = $"schedules-{Guid.NewGuid():N}";
    private readonly string prefix = $"sched-{Guid.NewGuid():N}";
    private readonly List<ScheduleHandle> created = [];
    private TemporalClient? client;

    public ScheduleTests(DevServerFixture fixture)
    {
        this.fixture = fixture;
    }

    private TemporalClient Client => client ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Address));
    }

    public async Task DisposeAsync()
    {
        foreach (var handle in created)
        {
            try
            {
                await handle.DeleteAsync();
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                // Deleted by the test itself.
            }
        }
    }

    [Fact]
    public async Task DescribeAsync_HourlyInterval_ShowsDefaultsAndTenFutureTimesOnTheHour()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] }));

        var description = await handle.DescribeAsync();

        Assert.Equal(handle.Id, description.Id);
        Assert.Equal(ScheduleOverlapPolicy.Skip, description.Schedule.Policy.Overlap);
        Assert.Equal(TimeSpan.FromDays(365), description.Schedule.Policy.CatchupWindow);
        var times = description.Info.NextActionTimes.ToList();
        Assert.Equal(10, times.Count);
        Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.TimeOfDay - TimeSpan.FromHours(t.TimeOfDay.Hours)));
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
        Assert.InRange(times[0], DateTime.UtcNow, DateTime.UtcNow.AddHours(1));
        Assert.Equal(0, description.Info.NumActions);
    }

    [Fact]
    public async Task IntervalSchedule_EverySecond_StartsWorkflowsNamedAndTaggedAsTemporalDoes()
    {
        await RunWorkerAsync(async () =>
        {
            var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromSeconds(1))] }));

            var description = await WaitForAsync(handle, d => d.Info.NumActions >= 2);

            var action = (ScheduleActionExecutionStartWorkflow)description.Info.RecentActions.First().Action;
            var scheduledAt = description.Info.RecentActions.First().ScheduledAt;
            Assert.Equal($"{prefix}-wf-{scheduledAt:yyyy-MM-dd'T'HH:mm:ss'Z'}", action.WorkflowId);
            var workflow = await Client.GetWorkflowHandle(action.WorkflowId).DescribeAsync();
            Assert.Equal(handle.Id, workflow.TypedSearchAttributes.Get(Temporalio.Common.SearchAttributeKey.CreateKeyword("TemporalScheduledById")));
            Assert.Equal(new DateTimeOffset(scheduledAt), workflow.TypedSearchAttributes.Get(Temporalio.Common.SearchAttributeKey.CreateDateTimeOffset("TemporalScheduledStartTime")));
            Assert.Equal("hello world", await Client.GetWorkflowHandle(action.WorkflowId).GetResultAsync<string>());
        });
    }

    [Fact]
    public async Task PauseAsync_FiringSchedule_StopsActionsAndKeepsTheNote()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromSeconds(1))] }));
        await RunWorkerAsync(async () =>
        {
            await WaitForAsync(handle, d => d.Info.NumActions >= 1);

            await handle.PauseAsync("maintenance");
            var paused = await handle.DescribeAsync();

            // Absence of actions can only be shown by letting time pass: three intervals here.
            var until = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < until)
            {
                Assert.Equal(paused.Info.NumActions, (await handle.DescribeAsync()).Info.NumActions);
                await Task.Delay(200);
            }

            Assert.True(paused.Schedule.State.Paused);
            Assert.Equal("maintenance", paused.Schedule.State.Note);
            await handle.UnpauseAsync("back");
            var resumed = await WaitForAsync(handle, d => d.Info.NumActions > paused.Info.NumActions);
            Assert.Equal("back", resumed.Schedule.State.Note);
        });
    }

    [Fact]
    public async Task TriggerAsync_PausedSchedule_StartsOneWorkflowNow()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] }) with { State = new() { Paused = true } });
        await RunWorkerAsync(async () =>
        {
            await handle.TriggerAsync();

            var description = await WaitForAsync(handle, d => d.Info.NumActions == 1 && d.Info.RunningActions.Count == 0);
            var action = (ScheduleActionExecutionStartWorkflow)description.Info.RecentActions.Single().Action;
            Assert.Equal("hello world", await Client.GetWorkflowHandle(action.WorkflowId).GetResultAsync<string>());
            Assert.True(description.Schedule.State.Paused);
        });
    }

    [Fact]
    public async Task BackfillAsync_FiveMinutesOfAMinutelySchedule_StartsFiveWorkflowsOnePerMinute()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromMinutes(1))] }) with { State = new() { Paused = true } });
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await RunWorkerAsync(async () =>
        {
            await handle.BackfillAsync([new ScheduleBackfill(start, start.AddMinutes(4), ScheduleOverlapPolicy.AllowAll)]);

            var description = await WaitForAsync(handle, d => d.Info.NumActions == 5);
            var ids = description.Info.RecentActions.Select(a => ((ScheduleActionExecutionStartWorkflow)a.Action).WorkflowId).ToList();
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-wf-{start.AddMinutes(i):yyyy-MM-dd'T'HH:mm:ss'Z'}"), ids);
            Assert.Empty(description.Info.RunningActions);
        });
    }

    [Fact]
    public async Task OverlapSkip_WorkflowStillRunning_SkipsTheNextActions()
    {
        var handle = await CreateAsync(Held(ScheduleOverlapPolicy.Skip));
        await RunWorkerAsync(async () =>
        {
            var description = await WaitForAsync(handle, d => d.Info.NumActionsSkippedOverlap >= 2);

            Assert.Equal(1, description.Info.NumActions);
            var running = (ScheduleActionExecutionStartWorkflow)Assert.Single(description.Info.RunningActions);
            await Client.GetWorkflowHandle<HeldWorkflow>(running.WorkflowId).SignalAsync(wf => wf.ReleaseAsync());
            await WaitForAsync(handle, d => d.Info.NumActions >= 2);
        });
    }

    [Fact]
    public async Task OverlapBufferOne_WorkflowStillRunning_StartsTheBufferedActionWhenItCloses()
    {
        var handle = await CreateAsync(Held(ScheduleOverlapPolicy.BufferOne));
        await RunWorkerAsync(async () =>
        {
            // One buffered, the ones after it skipped.
            var description = await WaitForAsync(handle, d => d.Info.NumActionsSkippedOverlap >= 1);
            Assert.Equal(1, description.Info.NumActions);
            var first = (ScheduleActionExecutionStartWorkflow)Assert.Single(description.Info.RunningActions);

            await Client.GetWorkflowHandle<HeldWorkflow>(first.WorkflowId).SignalAsync(wf => wf.ReleaseAsync());

            var after = await WaitForAsync(handle, d => d.Info.NumActions == 2);
            var second = (ScheduleActionExecutionStartWorkflow)Assert.Single(after.Info.RunningActions);
            Assert.NotEqual(first.WorkflowId, second.WorkflowId);
            Assert.Equal(WorkflowExecutionStatus.Completed, (await Client.GetWorkflowHandle(first.WorkflowId).DescribeAsync()).Status);
            await Client.GetWorkflowHandle<HeldWorkflow>(second.WorkflowId).SignalAsync(wf => wf.ReleaseAsync());
        });
    }

    [Fact]
    public async Task DeleteAsync_ExistingSchedule_DescribeAnswersNotFound()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] }));

        await handle.DeleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => handle.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task ListSchedulesAsync_TwoSchedules_ListsBothWithNextRunsAndCountsThem()
    {
        var first = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] }));
        var second = await CreateAsync(Greeting(new ScheduleSpec { CronExpressions = ["0 12 * * MON-FRI"] }) with { State = new() { Paused = true, Note = "later" } });

        var listed = new List<ScheduleListDescription>();
        await foreach (var schedule in Client.ListSchedulesAsync())
        {
            if (schedule.Id.StartsWith(prefix, StringComparison.Ordinal))
            {
                listed.Add(schedule);
            }
        }

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), listed.Select(s => s.Id));
        Assert.All(listed, s => Assert.Equal(5, s.Info!.NextActionTimes.Count));
        Assert.True(listed.Single(s => s.Id == second.Id).Schedule!.State.Paused);
        var count = await Client.WorkflowService.CountSchedulesAsync(new CountSchedulesRequest { Namespace = Client.Options.Namespace });
        Assert.True(count.Count >= 2, $"count {count.Count}");
    }

    [Fact]
    public async Task ListScheduleMatchingTimes_CalendarInNewYorkAcrossDstStart_KeepsNineOClockLocal()
    {
        var nineAm = new ScheduleCalendarSpec { Hour = [new(9)], Minute = [new(0)], Second = [new(0)] };
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Calendars = [nineAm], TimeZoneName = "America/New_York" }));

        var response = await Client.WorkflowService.ListScheduleMatchingTimesAsync(new ListScheduleMatchingTimesRequest
        {
            Namespace = Client.Options.Namespace,
            ScheduleId = handle.Id,
            StartTime = Timestamp.FromDateTime(new DateTime(2024, 3, 8, 0, 0, 0, DateTimeKind.Utc)),
            EndTime = Timestamp.FromDateTime(new DateTime(2024, 3, 12, 0, 0, 0, DateTimeKind.Utc)),
        });

        // 9:00 EST is 14:00 UTC; from 10 March (EDT) it is 13:00 UTC.
        Assert.Equal(
            new[] { new DateTime(2024, 3, 8, 14, 0, 0), new DateTime(2024, 3, 9, 14, 0, 0), new DateTime(2024, 3, 10, 13, 0, 0), new DateTime(2024, 3, 11, 13, 0, 0) },
            response.StartTime.Select(t => DateTime.SpecifyKind(t.ToDateTime(), DateTimeKind.Unspecified)));
    }

    [Fact]
    public async Task ListScheduleMatchingTimes_CronStringWithExcludedDay_SkipsIt()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec
        {
            CronExpressions = ["30 6 * * MON-FRI"],
            Skip = [new ScheduleCalendarSpec { DayOfMonth = [new(13)], Hour = [new(0, 23)], Minute = [new(0, 59)], Second = [new(0, 59)] }],
        }));

        var response = await Client.WorkflowService.ListScheduleMatchingTimesAsync(new ListScheduleMatchingTimesRequest
        {
            Namespace = Client.Options.Namespace,
            ScheduleId = handle.Id,
            StartTime = Timestamp.FromDateTime(new DateTime(2025, 1, 10, 0, 0, 0, DateTimeKind.Utc)),
            EndTime = Timestamp.FromDateTime(new DateTime(2025, 1, 16, 0, 0, 0, DateTimeKind.Utc)),
        });

        // Friday 10th, (weekend), Monday 13th excluded, Tuesday 14th, Wednesday 15th.
        Assert.Equal(new[] { 10, 14, 15 }, response.StartTime.Select(t => t.ToDateTime().Day));
        Assert.All(response.StartTime, t => Assert.Equal(new TimeSpan(6, 30, 0), t.ToDateTime().TimeOfDay));
    }

    [Fact]
    public async Task CreateScheduleAsync_SameIdTwice_ThrowsScheduleAlreadyRunning()
    {
        var schedule = Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] });
        await CreateAsync(schedule, "duplicate");

        await Assert.ThrowsAsync<ScheduleAlreadyRunningException>(() => Client.CreateScheduleAsync($"{prefix}-duplicate", schedule));
    }

    [Fact]
    public async Task CreateScheduleAsync_BadCronString_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateScheduleAsync($"{prefix}-bad", Greeting(new ScheduleSpec { CronExpressions = ["61 * * * *"] })));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("Minute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_NewInput_NextRunsUseIt()
    {
        var handle = await CreateAsync(Greeting(new ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] }) with { State = new() { Paused = true } });

        await handle.UpdateAsync(input => new ScheduleUpdate(input.Description.Schedule with
        {
            Action = ScheduleActionStartWorkflow.Create((GreetingWorkflow wf) => wf.RunAsync("again"), new($"{handle.Id}-wf", taskQueue)),
        }));
        await RunWorkerAsync(async () =>
        {
            await handle.TriggerAsync();
            var description = await WaitForAsync(handle, d => d.Info.NumActions == 1);
            var action = (ScheduleActionExecutionStartWorkflow)description.Info.RecentActions.Single().Action;
            Assert.Equal("hello again", await Client.GetWorkflowHandle(action.WorkflowId).GetResultAsync<string>());
            Assert.NotNull(description.Info.LastUpdatedAt);
        });
    }

    [Fact]
    public async Task StartWorkflowAsync_CronEverySecond_ChainsRunsWithCronInitiatorAndLastResult()
    {
        var id = $"{prefix}-cron";
        await RunWorkerAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((CronTickWorkflow wf) => wf.RunAsync(), new(id, taskQueue) { CronSchedule = "@every 1s" });
            try
            {
                var deadline = DateTime.UtcNow + Deadline;
                List<WorkflowExecution> runs;
                do
                {
                    await Task.Delay(100);
                    runs = await Client.ListWorkflowsAsync($"WorkflowId = '{id}'").ToListAsync();
                }
                while (runs.Count(r => r.Status == WorkflowExecutionStatus.Completed) < 2 && DateTime.UtcNow < deadline);

                var history = (await Client.GetWorkflowHandle(id, handle.ResultRunId).FetchHistoryAsync()).Events.ToList();
                var started = history[0].WorkflowExecutionStartedEventAttributes;
                Assert.Equal("@every 1s", started.CronSchedule);
                Assert.True(started.FirstWorkflowTaskBackoff.ToTimeSpan() > TimeSpan.Zero);
                var completed = history.Last().WorkflowExecutionCompletedEventAttributes;
                Assert.NotEmpty(completed.NewExecutionRunId);

                var next = (await Client.GetWorkflowHandle(id, completed.NewExecutionRunId).FetchHistoryAsync()).Events.ToList();
                Assert.Equal(ContinueAsNewInitiator.CronSchedule, next[0].WorkflowExecutionStartedEventAttributes.Initiator);
                Assert.Equal("1", next[0].WorkflowExecutionStartedEventAttributes.LastCompletionResult.Payloads_[0].Data.ToStringUtf8());
            }
            finally
            {
                await Client.GetWorkflowHandle(id).TerminateAsync("test done");
            }
        });
    }

    [Fact]
    public async Task StartWorkflowAsync_BadCronSchedule_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.StartWorkflowAsync((CronTickWorkflow wf) => wf.RunAsync(), new($"{prefix}-badcron", taskQueue) { CronSchedule = "every minute" }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Equal("invalid CronSchedule.", error.Message);
    }

    private Schedule Greeting(ScheduleSpec spec) => new(
        ScheduleActionStartWorkflow.Create((GreetingWorkflow wf) => wf.RunAsync("world"), new($"{prefix}-wf", taskQueue)),
        spec);

    private Schedule Held(ScheduleOverlapPolicy overlap) => new(
        ScheduleActionStartWorkflow.Create((HeldWorkflow wf) => wf.RunAsync(), new($"{prefix}-held", taskQueue)),
        new ScheduleSpec { Intervals = [new(TimeSpan.FromSeconds(1))] })
    {
        Policy = new() { Overlap = overlap },
    };

    private async Task<ScheduleHandle> CreateAsync(Schedule schedule, string? suffix = null)
    {
        var handle = await Client.CreateScheduleAsync($"{prefix}-{suffix ?? Guid.NewGuid().ToString("N")[..8]}", schedule);
        created.Add(handle);
        return handle;
    }

    private async Task RunWorkerAsync(Func<Task> test)
    {
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<GreetingWorkflow>().AddWorkflow<HeldWorkflow>().AddWorkflow<CronTickWorkflow>());
        using var timeout = new CancellationTokenSource(Deadline);
        await worker.ExecuteAsync(test, timeout.Token);
    }

    private static async Task<ScheduleDescription> WaitForAsync(ScheduleHandle handle, Func<ScheduleDescription, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var description = await handle.DescribeAsync();
            if (condition(description))
            {
                return description;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Schedule {handle.Id} did not reach the condition; last: {description.Info}");
            }

            await Task.Delay(100);
        }
    }
}
