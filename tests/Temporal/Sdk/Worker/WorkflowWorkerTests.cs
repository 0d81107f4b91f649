using System.Security.Cryptography;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Sdk.Tests.Worker.TestWorkflows;
using ContentFlows.Temporal.Worker;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>The workflow half of <see cref="TemporalWorker"/>, end to end: the client starts workflows, the worker runs them.</summary>
[Collection(WorkerEnvironmentCollection.Name)]
public sealed class WorkflowWorkerTests(WorkerEnvironmentFixture fixture, ITestOutputHelper output)
{
    private ITemporalClient Client => fixture.Client;

    [Fact]
    public async Task ExecuteAsync_WorkflowWithThreeActivities_ReturnsResult()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, Options(taskQueue).AddWorkflow<ThreeStepWorkflow>());

        var result = await worker.ExecuteAsync(() =>
            Client.ExecuteWorkflowAsync((ThreeStepWorkflow wf) => wf.RunAsync("in"), new WorkflowOptions("three-" + Guid.NewGuid().ToString("N"), taskQueue)));

        Assert.Equal("in>1>2>3", result);
    }

    [Fact]
    public async Task ExecuteAsync_SignalAndQuery_ReachTheWorkflow()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, Options(taskQueue).AddWorkflow<ApprovalGreetingWorkflow>());

        var result = await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((ApprovalGreetingWorkflow wf) => wf.RunAsync("Ada"), new WorkflowOptions("approval-" + Guid.NewGuid().ToString("N"), taskQueue));
            await WaitForStatusAsync(handle, "waiting for approval");
            await handle.SignalAsync(wf => wf.ApproveAsync("Grace"));
            var value = await handle.GetResultAsync();
            Assert.Equal("done", await handle.QueryAsync(wf => wf.Status));
            return value;
        });

        Assert.Equal("Hello, Ada (approved by Grace)", result);
    }

    [Fact]
    public async Task ExecuteAsync_PayloadCodec_HistoryEncryptedAndResultDecoded()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var converter = DataConverter.Default with { PayloadCodec = new AesGcmPayloadCodec("test-key", key) };
        using var client = new TemporalClient(Client.WorkflowService, new TemporalClientOptions { Namespace = Client.Options.Namespace, DataConverter = converter });
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, Options(taskQueue).AddWorkflow<ThreeStepWorkflow>());
        var workflowId = "encrypted-" + Guid.NewGuid().ToString("N");

        var result = await worker.ExecuteAsync(() =>
            client.ExecuteWorkflowAsync((ThreeStepWorkflow wf) => wf.RunAsync("secret"), new WorkflowOptions(workflowId, taskQueue)));

        Assert.Equal("secret>1>2>3", result);
        var history = await Client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        var completed = history.Events.Where(e => e.EventType == EventType.ActivityTaskCompleted).ToList();
        Assert.Equal(3, completed.Count);
        Assert.All(completed, e => Assert.Equal("binary/encrypted", e.ActivityTaskCompletedEventAttributes.Result.Payloads_[0].Metadata["encoding"].ToStringUtf8()));
        Assert.DoesNotContain("secret", history.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_UnregisteredWorkflowType_WorkflowTaskFails()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, Options(taskQueue).AddWorkflow<ThreeStepWorkflow>());

        var history = await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync("NoSuchWorkflow", [], new WorkflowOptions("unknown-" + Guid.NewGuid().ToString("N"), taskQueue));
            while (true)
            {
                var events = (await handle.FetchHistoryAsync()).Events;
                if (events.Any(e => e.EventType == EventType.WorkflowTaskFailed))
                {
                    await handle.TerminateAsync("test done");
                    return events;
                }

                await Task.Yield();
            }
        });

        var failed = history.Single(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
        Assert.Contains("NoSuchWorkflow", failed.Failure.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForStatusAsync(WorkflowHandle<ApprovalGreetingWorkflow> handle, string status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if (await handle.QueryAsync(wf => wf.Status, cancellationToken: timeout.Token) == status)
                {
                    return;
                }
            }
            catch (WorkflowQueryFailedException)
            {
                // Not started yet.
            }
        }
    }

    private static string NewTaskQueue() => "workflows-" + Guid.NewGuid().ToString("N");

    private TemporalWorkerOptions Options(string taskQueue) =>
        new TemporalWorkerOptions(taskQueue) { LoggerFactory = TestOutputLoggerProvider.CreateFactory(output) }.AddAllActivities(new WorkerTestActivities());
}
