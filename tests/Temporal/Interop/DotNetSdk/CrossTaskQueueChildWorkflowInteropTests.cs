using ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk;

/// <summary>A C# workflow runs a TS workflow as its child on the TS worker's task queue.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class CrossTaskQueueChildWorkflowInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : DotNetSdkInteropTestBase(fixture, output)
{
    [Fact]
    public async Task ExecuteChildWorkflowAsync_TypeScriptChildSucceeds_ReturnsItsResult()
    {
        string result = await RunParentAsync(fail: false);

        Assert.Equal("child got 42", result);
    }

    [Fact]
    public async Task ExecuteChildWorkflowAsync_TypeScriptChildFails_ParentCatchesChildWorkflowFailureWithApplicationFailure()
    {
        string result = await RunParentAsync(fail: true);

        Assert.Equal(
            "ChildWorkflowFailureException childWorkflow > ApplicationFailureException ChildBroke: the child refused ChildDetail { Value = 42 }",
            result);
    }

    private async Task<string> RunParentAsync(bool fail)
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<TypeScriptChildCallerWorkflow>());
        return await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (TypeScriptChildCallerWorkflow wf) => wf.RunAsync(Fixture.TaskQueue, fail),
            NewWorkflowOptions(NewWorkflowId("ts-child-parent"), taskQueue)));
    }
}
