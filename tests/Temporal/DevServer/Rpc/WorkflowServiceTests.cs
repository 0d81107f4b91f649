using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>
/// The dev server's WorkflowService driven over real gRPC (the official SDK's raw calls) by a hand-played
/// client and worker; each test asserts the exact history, status or error a real Temporal server gives.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed partial class WorkflowServiceTests(DevServerFixture fixture)
{
    private WorkflowServiceClient Client => fixture.Client;

    private static void AssertEventTypes(IEnumerable<HistoryEvent> events, params EventType[] expected)
    {
        var actual = events.Select(e => e.EventType).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"Expected [{string.Join(", ", expected)}] but history is [{WorkflowServiceClient.Describe(events)}]");
    }

    private static async Task<RpcException> AssertStatusAsync(RpcException.StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == error.Code, $"Expected {expected} but got {error.Code}: {error.Message}");
        return error;
    }

    /// <summary>Starts a run on a fresh queue and takes its first workflow task.</summary>
    private async Task<Started> StartAndPollAsync(string prefix, Action<StartWorkflowExecutionRequest>? configure = null)
    {
        var workflowId = Names.Unique(prefix);
        var taskQueue = Names.Unique(prefix + "-tq");
        var start = await Client.StartAsync(workflowId, taskQueue, configure);
        var task = await Client.NextWorkflowTaskAsync(taskQueue);
        Assert.Equal(start.RunId, task.WorkflowExecution.RunId);
        return new Started(workflowId, taskQueue, start.RunId, task);
    }

    private static bool HasEvent(IReadOnlyList<HistoryEvent> events, EventType type) => events.Any(e => e.EventType == type);

    private sealed record Started(string WorkflowId, string TaskQueue, string RunId, PollWorkflowTaskQueueResponse Task);
}
