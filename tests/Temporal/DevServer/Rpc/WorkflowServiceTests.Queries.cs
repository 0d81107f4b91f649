using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Queries: riding on a workflow task, or sent alone as a legacy query task.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task QueryWorkflow_WhileTaskPending_RidesOnNextTaskAndIsAnsweredInCompletion()
    {
        var run = await StartAndPollAsync("query-buffered");
        var query = Client.QueryAsync(run.WorkflowId, "state", TimeSpan.FromSeconds(20));

        // A query that reaches the server while a task is out waits for the next task; each completion
        // with force_create_new_workflow_task makes one, until the query rides along.
        var task = run.Task;
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (task.Queries.Count == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < until, "The query never rode on a workflow task.");
            Assert.Null(task.Query);
            await Client.CompleteWorkflowTaskAsync(new RespondWorkflowTaskCompletedRequest { TaskToken = task.TaskToken, Identity = WorkflowServiceClient.Identity, ForceCreateNewWorkflowTask = true });
            task = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        }

        Assert.Null(task.Query);
        var (queryId, carried) = Assert.Single(task.Queries);
        Assert.Equal("state", carried.QueryType);
        Assert.Equal("\"arg\"", carried.QueryArgs.Payloads_[0].Data.ToStringUtf8());
        var completion = new RespondWorkflowTaskCompletedRequest { TaskToken = task.TaskToken, Identity = WorkflowServiceClient.Identity };
        completion.QueryResults[queryId] = new WorkflowQueryResult { ResultType = QueryResultType.Answered, Answer = WorkflowCommands.Json("\"busy\"") };
        await Client.CompleteWorkflowTaskAsync(completion);

        var answer = await query;
        Assert.Equal("\"busy\"", answer.QueryResult.Payloads_[0].Data.ToStringUtf8());
        Assert.Null(answer.QueryRejected);
    }

    [Fact]
    public async Task QueryWorkflow_WhenIdle_IsSentAsLegacyQueryTask()
    {
        var run = await StartAndPollAsync("query-legacy");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.StartTimer("1", TimeSpan.FromHours(1)));

        var query = Client.QueryAsync(run.WorkflowId, "state", TimeSpan.FromSeconds(20));
        var task = await Client.NextWorkflowTaskAsync(run.TaskQueue);

        Assert.NotNull(task.Query);
        Assert.Empty(task.Queries);
        Assert.Equal("state", task.Query.QueryType);
        Assert.Equal(0, task.StartedEventId);
        Assert.Equal(3, task.PreviousStartedEventId);
        Assert.Equal(run.RunId, task.WorkflowExecution.RunId);
        Assert.Equal(run.TaskQueue, task.WorkflowExecutionTaskQueue.Name);
        Assert.Equal(5, task.History.Events.Count);

        await Client.RespondQueryTaskAsync(task.TaskToken, "\"idle\"");

        var answer = await query;
        Assert.Equal("\"idle\"", answer.QueryResult.Payloads_[0].Data.ToStringUtf8());

        // A query writes nothing to history.
        AssertEventTypes(
            await Client.GetHistoryAsync(run.WorkflowId, run.RunId),
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.TimerStarted);
        await AssertStatusAsync(StatusCode.NotFound, () => Client.RespondQueryTaskAsync(task.TaskToken, "\"again\""));
    }

    [Fact]
    public async Task QueryWorkflow_BeforeFirstTaskScheduled_ReturnsFailedPrecondition()
    {
        var workflowId = Names.Unique("query-delayed");
        await Client.StartAsync(workflowId, Names.Unique("tq"), r => r.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1)));

        var error = await AssertStatusAsync(StatusCode.FailedPrecondition, () => Client.QueryAsync(workflowId, "state", TimeSpan.FromSeconds(10)));

        Assert.Equal("Workflow task is not scheduled yet.", error.Message);
        Assert.NotNull(error.FindDetail<WorkflowNotReadyFailure>());
    }

    [Fact]
    public async Task QueryWorkflow_WorkflowTaskFailingAtAttemptThree_ReturnsFailedPrecondition()
    {
        var run = await StartAndPollAsync("query-failing");
        var task = run.Task;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(attempt, task.Attempt);
            await Client.FailWorkflowTaskAsync(task.TaskToken, WorkflowCommands.ApplicationFailure("workflow code threw"));
            task = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        }

        Assert.Equal(3, task.Attempt);
        var error = await AssertStatusAsync(StatusCode.FailedPrecondition, () => Client.QueryAsync(run.WorkflowId, "state", TimeSpan.FromSeconds(10)));

        Assert.Equal("Unable to query workflow due to Workflow Task in failed state.", error.Message);
        Assert.NotNull(error.FindDetail<WorkflowNotReadyFailure>());
    }
}
