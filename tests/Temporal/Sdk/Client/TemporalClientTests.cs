using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

[Collection(ClientDevServerCollection.Name)]
public sealed class TemporalClientTests(ClientDevServerFixture fixture)
{
    private readonly TemporalClient client = fixture.Client;

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static string Input(PollWorkflowTaskQueueResponse task, int index) =>
        DefaultPayloadConverter.Instance.ToValue<string>(task.History.Events[0].WorkflowExecutionStartedEventAttributes.Input.Payloads_[index]);

    [Fact]
    public async Task StartWorkflowAsync_TypedLambda_StartsByWorkflowNameWithEvaluatedArgs()
    {
        var queue = NewQueue();
        var worker = new HandWorker(client, queue);
        var person = new { Name = "Ada" };
        var times = 2;

        var handle = await client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync(person.Name.ToUpperInvariant(), times + 1), new WorkflowOptions("start-" + queue, queue));
        var task = await worker.PollAndRespondAsync(worker.Complete("Hello ADA"));

        Assert.Equal("GreetingWorkflow", task.WorkflowType.Name);
        Assert.Equal("ADA", Input(task, 0));
        Assert.Equal(3, DefaultPayloadConverter.Instance.ToValue<int>(task.History.Events[0].WorkflowExecutionStartedEventAttributes.Input.Payloads_[1]));
        Assert.Equal(task.WorkflowExecution.RunId, handle.ResultRunId);
        Assert.Null(handle.RunId);
        Assert.Equal("Hello ADA", await handle.GetResultAsync());
    }

    [Fact]
    public async Task ExecuteWorkflowAsync_ByName_ReturnsResult()
    {
        var queue = NewQueue();
        var worker = new HandWorker(client, queue);

        var execute = client.ExecuteWorkflowAsync<int>("Adder", [1, 2], new WorkflowOptions("exec-" + queue, queue));
        var task = await worker.PollAndRespondAsync(worker.Complete(3));

        Assert.Equal("Adder", task.WorkflowType.Name);
        Assert.Equal(3, await execute);
    }

    [Fact]
    public async Task GetResultAsync_WorkflowFailed_ThrowsWithConvertedCauseChain()
    {
        var queue = NewQueue();
        var worker = new HandWorker(client, queue);
        var handle = await client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x", 1), new WorkflowOptions("fail-" + queue, queue));
        var failure = new ActivityFailureException(
            "Activity task failed", "Draft", "1", RetryState.MaximumAttemptsReached,
            new ApplicationFailureException("llm down", "LlmUnavailable", nonRetryable: true, details: ["tried 3 times"]));

        await worker.PollAndRespondAsync(worker.Fail(failure));
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        var activity = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal("Draft", activity.ActivityType);
        Assert.Equal(RetryState.MaximumAttemptsReached, activity.RetryState);
        var application = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.Equal("llm down", application.Message);
        Assert.Equal("LlmUnavailable", application.ErrorType);
        Assert.True(application.NonRetryable);
        Assert.Equal("tried 3 times", application.GetDetail<string>(0));
    }

    [Fact]
    public async Task GetResultAsync_ContinuedAsNew_FollowsToTheLastRun()
    {
        var queue = NewQueue();
        var worker = new HandWorker(client, queue);
        var handle = await client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("first", 1), new WorkflowOptions("can-" + queue, queue));

        var first = await worker.PollAndRespondAsync(worker.ContinueAsNew("GreetingWorkflow", "second", 2));
        var second = await worker.PollAndRespondAsync(worker.Complete("done in second run"));

        Assert.Equal("second", Input(second, 0));
        Assert.NotEqual(first.WorkflowExecution.RunId, second.WorkflowExecution.RunId);
        Assert.Equal("done in second run", await handle.GetResultAsync());
        var notFollowing = await Assert.ThrowsAsync<WorkflowContinuedAsNewException>(() => handle.GetResultAsync(followRuns: false));
        Assert.Equal(second.WorkflowExecution.RunId, notFollowing.NewRunId);
    }

    [Fact]
    public async Task StartWorkflowAsync_IdInUse_ThrowsWorkflowAlreadyStarted()
    {
        var queue = NewQueue();
        var options = new WorkflowOptions("dup-" + queue, queue);
        var first = await client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("a", 1), options);

        var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("b", 1), options));

        Assert.Equal(options.Id, error.WorkflowId);
        Assert.Equal("GreetingWorkflow", error.WorkflowType);
        Assert.Equal(first.ResultRunId, error.RunId);
    }

    [Fact]
    public async Task StartWorkflowAsync_SignalWithStart_StartsAndDeliversSignal()
    {
        var queue = NewQueue();
        var worker = new HandWorker(client, queue);
        var options = new WorkflowOptions("sws-" + queue, queue);
        options.SignalWithStart((GreetingWorkflow wf) => wf.ApproveAsync("reviewer-1"));

        var handle = await client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("a", 1), options);
        var task = await worker.PollAsync();

        var signaled = Assert.Single(task.History.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Equal("Approve", signaled.WorkflowExecutionSignaledEventAttributes.SignalName);
        Assert.Equal("reviewer-1", DefaultPayloadConverter.Instance.ToValue<string>(signaled.WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0]));
        Assert.Equal(task.WorkflowExecution.RunId, handle.ResultRunId);
        await worker.RespondAsync(task, worker.Complete("ok"));
    }

    [Fact]
    public async Task ListWorkflowsAsync_QueryByTaskQueue_PagesThroughAllAndCounts()
    {
        var queue = NewQueue();
        var memo = new Dictionary<string, object?> { ["project"] = "p-1" };
        for (var i = 0; i < 3; i++)
        {
            await client.StartWorkflowAsync("Listed", [i], new WorkflowOptions($"list-{i}-{queue}", queue) { Memo = memo });
        }

        var listed = new List<WorkflowExecution>();
        await foreach (var execution in client.ListWorkflowsAsync($"TaskQueue = '{queue}'", pageSize: 2))
        {
            listed.Add(execution);
        }

        var count = await client.CountWorkflowsAsync($"TaskQueue = '{queue}'");

        Assert.Equal(3, listed.Count);
        Assert.Equal(["list-0-" + queue, "list-1-" + queue, "list-2-" + queue], listed.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(listed, e =>
        {
            Assert.Equal("Listed", e.WorkflowType);
            Assert.Equal(WorkflowExecutionStatus.Running, e.Status);
            Assert.Equal("p-1", e.GetMemoValue<string>("project"));
        });
        Assert.Equal(3, count.Count);
    }

    [Fact]
    public async Task StartWorkflowAsync_WithAesGcmCodec_PayloadsAreEncryptedAtRestAndDecodeBack()
    {
        var queue = NewQueue();
        using var codec = new AesGcmPayloadCodec("test-key", [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        using var secure = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Server.Address)
        {
            DataConverter = DataConverter.Default with { PayloadCodec = codec },
        });
        var worker = new HandWorker(secure, queue);
        var handle = await secure.StartWorkflowAsync(
            (GreetingWorkflow wf) => wf.RunAsync("top secret plan", 1),
            new WorkflowOptions("codec-" + queue, queue) { Memo = new Dictionary<string, object?> { ["brand"] = "secret brand" } });

        var task = await worker.PollAsync();
        await worker.DecodeAsync(task);
        await worker.RespondAsync(task, worker.Complete("secret result"));
        var result = await handle.GetResultAsync();
        var raw = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id },
        });
        var description = await secure.GetWorkflowHandle(handle.Id).DescribeAsync();

        Assert.Equal("top secret plan", Input(task, 0));
        Assert.Equal("secret result", result);
        Assert.Equal("secret brand", description.GetMemoValue<string>("brand"));
        var input = raw.History.Events[0].WorkflowExecutionStartedEventAttributes.Input.Payloads_[0];
        Assert.Equal("binary/encrypted", input.Metadata["encoding"].ToStringUtf8());
        var rawBytes = raw.ToByteArray();
        Assert.DoesNotContain("secret", System.Text.Encoding.UTF8.GetString(rawBytes), StringComparison.Ordinal);
        var history = await handle.FetchHistoryAsync();
        var completed = history.Events[^1].WorkflowExecutionCompletedEventAttributes.Result;
        Assert.Equal("binary/encrypted", completed.Payloads_[0].Metadata["encoding"].ToStringUtf8());
        Assert.Equal("secret result", DefaultPayloadConverter.Instance.ToValue<string>((await codec.DecodeAsync(completed.Payloads_))[0]));
    }

    [Fact]
    public async Task ConnectAsync_BadTargetHost_ThrowsNamingPropertyAndValue()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TemporalClient.ConnectAsync(new TemporalClientConnectOptions("http://localhost")));

        Assert.Contains("TemporalClientConnectOptions.TargetHost", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://localhost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsUnavailableRpcException()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => TemporalClient.ConnectAsync(new TemporalClientConnectOptions("127.0.0.1:1")));

        Assert.Equal(Api.Grpc.GrpcStatusCode.Unavailable, error.Code);
    }

    [Fact]
    public async Task StartWorkflowAsync_MissingTaskQueue_ThrowsNamingProperty()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("a", 1), new WorkflowOptions { Id = "no-queue" }));

        Assert.Contains("WorkflowOptions.TaskQueue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowService_UnknownWorkflow_ThrowsNotFoundRpcException()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetWorkflowHandle("does-not-exist-" + Guid.NewGuid()).DescribeAsync());

        Assert.Equal(Api.Grpc.GrpcStatusCode.NotFound, error.Code);
    }
}
