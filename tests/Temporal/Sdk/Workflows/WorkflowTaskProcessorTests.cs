using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Tests.Workflows.TestWorkflows;
using ContentFlows.Temporal.Worker;
using ContentFlows.Temporal.Workflows;
using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Tests.Workflows;

/// <summary>Drives the workflow runtime with hand-built histories, the way the worker does after each poll; no server.</summary>
public class WorkflowTaskProcessorTests
{
    private static readonly IPayloadConverter Payloads = DataConverter.Default.PayloadConverter;

    [Fact]
    public async Task ProcessAsync_FirstTask_SchedulesActivityWithSequenceId()
    {
        var history = new HistoryBuilder().Started("Greeting", "Ada").WorkflowTask();

        var completion = await Processor<GreetingWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        var command = Assert.Single(Completed(completion).Commands);
        Assert.Equal(CommandType.ScheduleActivityTask, command.CommandType);
        var schedule = command.ScheduleActivityTaskCommandAttributes;
        Assert.Equal("1", schedule.ActivityId);
        Assert.Equal("ComposeGreeting", schedule.ActivityType.Name);
        Assert.Equal(HistoryBuilder.TaskQueueName, schedule.TaskQueue.Name);
        Assert.Equal(TimeSpan.FromMinutes(1), schedule.StartToCloseTimeout.ToTimeSpan());
        Assert.Equal("Ada", Payloads.ToValue<string>(schedule.Input.Payloads_[0]));
        Assert.Equal(history.Task().TaskToken, Completed(completion).TaskToken);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task ProcessAsync_ActivityThenTimer_CompletesWithResult(int maxCached)
    {
        var processor = Processor<GreetingWorkflow>(maxCached);
        var history = new HistoryBuilder().Started("Greeting", "Ada").WorkflowTask();
        await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        history.WorkflowTaskCompleted().ActivityScheduled("1", "ComposeGreeting");
        history.ActivityCompleted(history.LastEventId, "Hello, Ada").WorkflowTask();
        var second = Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None));
        var timer = Assert.Single(second.Commands);
        Assert.Equal(CommandType.StartTimer, timer.CommandType);
        Assert.Equal("1", timer.StartTimerCommandAttributes.TimerId);
        Assert.Equal(TimeSpan.FromSeconds(30), timer.StartTimerCommandAttributes.StartToFireTimeout.ToTimeSpan());

        history.WorkflowTaskCompleted().TimerStarted("1", TimeSpan.FromSeconds(30));
        history.TimerFired("1", history.LastEventId).WorkflowTask();
        var third = Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None));
        var complete = Assert.Single(third.Commands);
        Assert.Equal(CommandType.CompleteWorkflowExecution, complete.CommandType);
        Assert.Equal("Hello, Ada!", Payloads.ToValue<string>(complete.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
        Assert.Equal(0, processor.CachedRunCount);
    }

    [Fact]
    public async Task ProcessAsync_CacheMissOnLastTask_ReplaysAndSendsOnlyNewCommands()
    {
        var history = GreetingHistoryUntilTimerFired();

        var completion = await Processor<GreetingWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        var command = Assert.Single(Completed(completion).Commands);
        Assert.Equal(CommandType.CompleteWorkflowExecution, command.CommandType);
        Assert.Equal("Hello, Ada!", Payloads.ToValue<string>(command.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ProcessAsync_ChangedCommandOrder_FailsTaskAsNonDeterministic()
    {
        var history = GreetingHistoryUntilTimerFired();

        var completion = await Processor<GreetingTimerFirstWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        Assert.Null(completion.Completed);
        var failed = Assert.IsType<RespondWorkflowTaskFailedRequest>(completion.Failed);
        Assert.Equal(WorkflowTaskFailedCause.NonDeterministicError, failed.Cause);
        Assert.Contains("ActivityTaskScheduled (activity type \"ComposeGreeting\", activity id \"1\")", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("StartTimer (timer id \"1\"", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("[TMPRL1100]", failed.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_FailedTaskAttemptInHistory_IsSkippedOnReplay()
    {
        var history = new HistoryBuilder().Started("Greeting", "Ada").WorkflowTask().WorkflowTaskFailed().WorkflowTask();

        var completion = await Processor<GreetingWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        Assert.Equal(CommandType.ScheduleActivityTask, Assert.Single(Completed(completion).Commands).CommandType);
    }

    [Fact]
    public async Task ProcessAsync_SignalAndQuery_DeliversSignalAndAnswersQueries()
    {
        var processor = Processor<ApprovalWorkflow>();
        var history = new HistoryBuilder().Started("ApprovalWorkflow", 0).WorkflowTask();
        Assert.Empty(Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        var legacyQuery = history.WorkflowTaskCompleted().Task();
        legacyQuery.Query = new WorkflowQuery { QueryType = "Status" };
        var answer = (await processor.ProcessAsync(legacyQuery, NoPaging, CancellationToken.None)).QueryCompleted;
        Assert.NotNull(answer);
        Assert.Equal(QueryResultType.Answered, answer.CompletedType);
        Assert.Equal("pending", Payloads.ToValue<string>(answer.QueryResult.Payloads_[0]));

        history.Signaled("Approve", "grace").WorkflowTask();
        var task = history.Task();
        task.Queries["q1"] = new WorkflowQuery { QueryType = "Describe", QueryArgs = HistoryBuilder.Payloads("review") };
        task.Queries["q2"] = new WorkflowQuery { QueryType = "Missing" };
        var completed = Completed(await processor.ProcessAsync(task, NoPaging, CancellationToken.None));

        var complete = Assert.Single(completed.Commands);
        Assert.Equal("approved by grace", Payloads.ToValue<string>(complete.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
        Assert.Equal("review: approved by grace", Payloads.ToValue<string>(completed.QueryResults["q1"].Answer.Payloads_[0]));
        Assert.Equal(QueryResultType.Failed, completed.QueryResults["q2"].ResultType);
        Assert.Contains("Known queries: [Describe, Status]", completed.QueryResults["q2"].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_LegacyQueryOnUncachedRun_ReplaysThenAnswers()
    {
        var history = new HistoryBuilder().Started("ApprovalWorkflow", 0).WorkflowTask().WorkflowTaskCompleted().Signaled("Approve", "lin").WorkflowTask().WorkflowTaskCompleted();
        var task = history.Task();
        task.Query = new WorkflowQuery { QueryType = "Status" };

        var answer = (await Processor<ApprovalWorkflow>().ProcessAsync(task, NoPaging, CancellationToken.None)).QueryCompleted;

        Assert.NotNull(answer);
        Assert.Equal("approved by lin", Payloads.ToValue<string>(answer.QueryResult.Payloads_[0]));
    }

    [Fact]
    public async Task ProcessAsync_WaitConditionTimeout_StartsTimerAndReturnsFalseWhenItFires()
    {
        var processor = Processor<ApprovalWorkflow>();
        var history = new HistoryBuilder().Started("ApprovalWorkflow", 5).WorkflowTask();
        var timer = Assert.Single(Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);
        Assert.Equal(TimeSpan.FromMinutes(5), timer.StartTimerCommandAttributes.StartToFireTimeout.ToTimeSpan());

        history.WorkflowTaskCompleted().TimerStarted("1", TimeSpan.FromMinutes(5));
        history.TimerFired("1", history.LastEventId).WorkflowTask();
        var complete = Assert.Single(Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        Assert.Equal("timed out", Payloads.ToValue<string>(complete.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ProcessAsync_WaitConditionMetBeforeTimeout_CancelsTimer()
    {
        var processor = Processor<ApprovalWorkflow>();
        var history = new HistoryBuilder().Started("ApprovalWorkflow", 5).WorkflowTask();
        await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None);
        history.WorkflowTaskCompleted().TimerStarted("1", TimeSpan.FromMinutes(5)).Signaled("Approve", "kim").WorkflowTask();

        var commands = Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands;

        Assert.Equal([CommandType.CancelTimer, CommandType.CompleteWorkflowExecution], commands.Select(c => c.CommandType));
        Assert.Equal("1", commands[0].CancelTimerCommandAttributes.TimerId);
    }

    [Fact]
    public async Task ProcessAsync_ApplicationFailure_FailsWorkflow()
    {
        var history = new HistoryBuilder().Started("FaultyWorkflow", "application").WorkflowTask();

        var command = Assert.Single(Completed(await Processor<FaultyWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        Assert.Equal(CommandType.FailWorkflowExecution, command.CommandType);
        var failure = command.FailWorkflowExecutionCommandAttributes.Failure;
        Assert.Equal("bad input", failure.Message);
        Assert.Equal("BadInput", failure.ApplicationFailureInfo.Type);
        Assert.True(failure.ApplicationFailureInfo.NonRetryable);
    }

    [Fact]
    public async Task ProcessAsync_OtherException_FailsWorkflowTaskAndEvicts()
    {
        var processor = Processor<FaultyWorkflow>();
        var history = new HistoryBuilder().Started("FaultyWorkflow", "bug").WorkflowTask();

        var completion = await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        var failed = Assert.IsType<RespondWorkflowTaskFailedRequest>(completion.Failed);
        Assert.Equal(WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure, failed.Cause);
        Assert.Contains("a bug in workflow code", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, processor.CachedRunCount);
    }

    [Fact]
    public async Task ProcessAsync_BlockingWorkflowCode_FailsTaskAsDeadlock()
    {
        var processor = new WorkflowTaskProcessor(new WorkflowTaskProcessorOptions
        {
            Workflows = [WorkflowDefinition.Create(typeof(FaultyWorkflow))],
            TaskQueue = HistoryBuilder.TaskQueueName,
            DeadlockTimeout = TimeSpan.FromMilliseconds(200),
        });
        var history = new HistoryBuilder().Started("FaultyWorkflow", "block").WorkflowTask();

        var failed = Assert.IsType<RespondWorkflowTaskFailedRequest>((await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Failed);

        Assert.Contains("[TMPRL1101] Potential deadlock detected: workflow FaultyWorkflow", failed.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_ActivityFailed_ThrowsActivityFailureExceptionInWorkflow()
    {
        var history = new HistoryBuilder().Started("FaultyWorkflow", "activity").WorkflowTask().WorkflowTaskCompleted().ActivityScheduled("1", "ComposeGreeting");
        history.ActivityFailed(history.LastEventId, "model unavailable", "LlmError").WorkflowTask();

        var command = Assert.Single(Completed(await Processor<FaultyWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        Assert.Equal("ComposeGreeting failed: LlmError: model unavailable", Payloads.ToValue<string>(command.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ProcessAsync_CancelRequested_CancelsActivityAndWorkflow()
    {
        var history = new HistoryBuilder().Started("FaultyWorkflow", "post").WorkflowTask().WorkflowTaskCompleted().ActivityScheduled("1", "Publish").CancelRequested().WorkflowTask();

        var commands = Completed(await Processor<FaultyWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands;

        Assert.Equal([CommandType.RequestCancelActivityTask, CommandType.CancelWorkflowExecution], commands.Select(c => c.CommandType));
        Assert.Equal(5, commands[0].RequestCancelActivityTaskCommandAttributes.ScheduledEventId);
    }

    [Fact]
    public async Task ProcessAsync_CancelRequestedBeforeFirstTask_WithdrawsActivityAndCancels()
    {
        var history = new HistoryBuilder().Started("FaultyWorkflow", "post").CancelRequested().WorkflowTask();

        var commands = Completed(await Processor<FaultyWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands;

        Assert.Equal(CommandType.CancelWorkflowExecution, Assert.Single(commands).CommandType);
    }

    [Fact]
    public async Task ProcessAsync_PatchOnNewRun_RecordsMarkerAndTakesNewPath()
    {
        var history = new HistoryBuilder().Started("Patchable").WorkflowTask();

        var commands = Completed(await Processor<PatchedWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands;

        Assert.Equal([CommandType.RecordMarker, CommandType.StartTimer], commands.Select(c => c.CommandType));
        Assert.Equal("core_patch", commands[0].RecordMarkerCommandAttributes.MarkerName);
        Assert.True(commands[0].RecordMarkerCommandAttributes.Details.ContainsKey("patch-data"));
    }

    [Fact]
    public async Task ProcessAsync_PatchReplayingRunWithoutMarker_TakesOldPath()
    {
        // Recorded before the patch existed: the activity ran, no marker.
        var history = new HistoryBuilder().Started("Patchable").WorkflowTask().WorkflowTaskCompleted().ActivityScheduled("1", "Publish");
        history.ActivityCompleted(history.LastEventId, null).WorkflowTask();

        var command = Assert.Single(Completed(await Processor<PatchedWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        Assert.Equal("old", Payloads.ToValue<string>(command.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ProcessAsync_ChildWorkflows_StartInOrderAndJoinResults()
    {
        var processor = Processor<ParentWorkflow>();
        var history = new HistoryBuilder().Started("ParentWorkflow", new object?[] { new[] { "a", "b" } }).WorkflowTask();
        var starts = Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands;
        Assert.Equal(["child-a", "child-b"], starts.Select(c => c.StartChildWorkflowExecutionCommandAttributes.WorkflowId));
        Assert.All(starts, c => Assert.Equal("ChildWorkflow", c.StartChildWorkflowExecutionCommandAttributes.WorkflowType.Name));

        history.WorkflowTaskCompleted();
        var initiated = new List<long>();
        foreach (var id in new[] { "child-a", "child-b" })
        {
            history.Add(EventType.StartChildWorkflowExecutionInitiated, e => e.StartChildWorkflowExecutionInitiatedEventAttributes = new()
            {
                WorkflowId = id,
                WorkflowType = new WorkflowType { Name = "ChildWorkflow" },
            });
            initiated.Add(history.LastEventId);
        }

        foreach (var (initiatedId, i) in initiated.Select((id, i) => (id, i)))
        {
            history.Add(EventType.ChildWorkflowExecutionStarted, e => e.ChildWorkflowExecutionStartedEventAttributes = new()
            {
                InitiatedEventId = initiatedId,
                WorkflowExecution = new WorkflowExecution { WorkflowId = $"child-{"ab"[i]}", RunId = $"child-run-{i}" },
            });
        }

        // Results arrive in reverse order; the join keeps item order.
        history.Add(EventType.ChildWorkflowExecutionCompleted, e => e.ChildWorkflowExecutionCompletedEventAttributes = new() { InitiatedEventId = initiated[1], Result = HistoryBuilder.Payloads("B") });
        history.Add(EventType.ChildWorkflowExecutionCompleted, e => e.ChildWorkflowExecutionCompletedEventAttributes = new() { InitiatedEventId = initiated[0], Result = HistoryBuilder.Payloads("A") });
        history.WorkflowTask();
        var complete = Assert.Single(Completed(await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        Assert.Equal("A,B", Payloads.ToValue<string>(complete.CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]));
    }

    [Fact]
    public async Task ProcessAsync_ContinueAsNewException_SendsContinueAsNewCommand()
    {
        var history = new HistoryBuilder().Started("CounterWorkflow", 1, 3).WorkflowTask();

        var command = Assert.Single(Completed(await Processor<CounterWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Commands);

        Assert.Equal(CommandType.ContinueAsNewWorkflowExecution, command.CommandType);
        var attributes = command.ContinueAsNewWorkflowExecutionCommandAttributes;
        Assert.Equal("CounterWorkflow", attributes.WorkflowType.Name);
        Assert.Equal(HistoryBuilder.TaskQueueName, attributes.TaskQueue.Name);
        Assert.Equal([2, 3], attributes.Input.Payloads_.Select(p => Payloads.ToValue<int>(p)));
    }

    [Fact]
    public async Task ProcessAsync_DeterministicApis_SameValuesOnReplay()
    {
        var processor = Processor<DeterminismWorkflow>();
        var history = new HistoryBuilder().Started("DeterminismWorkflow").WorkflowTask();
        await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None);
        history.WorkflowTaskCompleted().TimerStarted("1", TimeSpan.FromSeconds(1));
        history.TimerFired("1", history.LastEventId).WorkflowTask();

        var cached = await processor.ProcessAsync(history.Task(), NoPaging, CancellationToken.None);
        var replayed = await Processor<DeterminismWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None);

        var cachedResult = Payloads.ToValue<string>(Assert.Single(Completed(cached).Commands).CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]);
        var replayedResult = Payloads.ToValue<string>(Assert.Single(Completed(replayed).Commands).CompleteWorkflowExecutionCommandAttributes.Result.Payloads_[0]);
        Assert.Equal(cachedResult, replayedResult);
        Assert.StartsWith("2025-01-01T12:00:02.0000000Z|2025-01-01T12:00:07.0000000Z|", cachedResult, StringComparison.Ordinal);
        Assert.EndsWith("|wf-1|True", cachedResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_UnregisteredWorkflowType_FailsTaskNamingIt()
    {
        var history = new HistoryBuilder().Started("Nope").WorkflowTask();

        var failed = Assert.IsType<RespondWorkflowTaskFailedRequest>((await Processor<GreetingWorkflow>().ProcessAsync(history.Task(), NoPaging, CancellationToken.None)).Failed);

        Assert.Contains("Workflow type \"Nope\" is not registered", failed.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkflowApi_OutsideWorkflow_ThrowsClearError()
    {
        Assert.False(Workflow.InWorkflow);
        var error = Assert.Throws<InvalidOperationException>(() => Workflow.UtcNow);
        Assert.Contains("Not in a workflow", error.Message, StringComparison.Ordinal);
    }

    internal static WorkflowTaskProcessor Processor<TWorkflow>(int maxCached = 1000) => new(new WorkflowTaskProcessorOptions
    {
        Workflows = [WorkflowDefinition.Create(typeof(TWorkflow))],
        TaskQueue = HistoryBuilder.TaskQueueName,
        Identity = "test-worker",
        MaxCachedWorkflows = maxCached,
    });

    internal static Task<GetWorkflowExecutionHistoryResponse> NoPaging(ByteString token, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No history paging expected.");

    internal static HistoryBuilder GreetingHistoryUntilTimerFired()
    {
        var history = new HistoryBuilder().Started("Greeting", "Ada").WorkflowTask().WorkflowTaskCompleted().ActivityScheduled("1", "ComposeGreeting");
        history.ActivityCompleted(history.LastEventId, "Hello, Ada").WorkflowTask().WorkflowTaskCompleted().TimerStarted("1", TimeSpan.FromSeconds(30));
        return history.TimerFired("1", history.LastEventId).WorkflowTask();
    }

    private static RespondWorkflowTaskCompletedRequest Completed(WorkflowTaskCompletion completion)
    {
        if (completion.Failed is { } failed)
        {
            Assert.Fail($"The workflow task failed: {failed.Failure}");
        }

        return Assert.IsType<RespondWorkflowTaskCompletedRequest>(completion.Completed);
    }
}
