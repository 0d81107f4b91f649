using System.Text.Json;
using Xunit.Abstractions;
using static ContentFlows.Temporal.InteropTests.ScenarioResponse;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>Client-side calls of the TS SDK: visibility lists and the errors for conflicting or unknown workflow ids.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class ClientInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : InteropTestBase(fixture, output)
{
    [Fact]
    public async Task List_ByTypeAndStatus_ReturnsExactlyTheMatchingExecutions()
    {
        ScenarioResponse response = await RunAsync("listByTypeAndStatus");

        JsonElement result = response.ExpectSuccess();
        string[] expectedCompleted = [.. Get(result, "expected.completed").EnumerateArray().Select(e => e.GetString()!)];
        string[] expectedRunning = [.. Get(result, "expected.running").EnumerateArray().Select(e => e.GetString()!)];

        Assert.Equal(expectedCompleted, Ids(result, "completed"));
        Assert.All(result.GetProperty("completed").EnumerateArray(), row => Assert.Equal("COMPLETED", Text(row, "status")));
        Assert.Equal(expectedRunning, Ids(result, "running"));
        Assert.All(result.GetProperty("running").EnumerateArray(), row => Assert.Equal("RUNNING", Text(row, "status")));
        Assert.Equal(expectedCompleted.Concat(expectedRunning).Order(StringComparer.Ordinal), Ids(result, "byType"));
        Assert.All(result.GetProperty("byType").EnumerateArray(), row => Assert.Equal("listProbeWorkflow", Text(row, "type")));
    }

    [Fact]
    public async Task Start_WorkflowIdAlreadyRunning_ThrowsWorkflowExecutionAlreadyStartedError()
    {
        ScenarioResponse response = await RunAsync("duplicateWorkflowId");

        JsonElement result = response.ExpectSuccess();
        Assert.False(Get(result, "secondStartSucceeded").GetBoolean());
        Assert.Equal("WorkflowExecutionAlreadyStartedError", Text(result, "secondStartError.name"));
        Assert.Equal(response.WorkflowId, Text(result, "secondStartError.workflowId"));
    }

    [Fact]
    public async Task DescribeAndSignal_UnknownWorkflowId_ThrowWorkflowNotFoundError()
    {
        ScenarioResponse response = await RunAsync("unknownWorkflow");

        JsonElement result = response.ExpectSuccess();
        Assert.False(Get(result, "describeSucceeded").GetBoolean());
        Assert.Equal("WorkflowNotFoundError", Text(result, "describeError.name"));
        Assert.False(Get(result, "signalSucceeded").GetBoolean());
        Assert.Equal("WorkflowNotFoundError", Text(result, "signalError.name"));
    }

    private static string[] Ids(JsonElement result, string query) =>
        [.. result.GetProperty(query).EnumerateArray().Select(row => Text(row, "workflowId")).Order(StringComparer.Ordinal)];
}
