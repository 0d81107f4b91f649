using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>The history UI's JSON API over real HTTP: protobuf JSON answers, ProblemDetails errors, long polls, actions.</summary>
[Collection(UiApiCollection.Name)]
public sealed class HistoryUiApiTests(UiFixture fixture)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private HttpClient Http => fixture.Http;

    private static string RunPath(string workflowId, string runId) =>
        $"api/v1/namespaces/default/workflows/{Uri.EscapeDataString(workflowId)}/runs/{Uri.EscapeDataString(runId)}";

    [Fact]
    public async Task ListWorkflows_QueryByWorkflowId_ReturnsTheRun()
    {
        var query = Uri.EscapeDataString($"WorkflowId = '{fixture.Pipeline.WorkflowId}'");

        var list = Parser.Parse<ListWorkflowExecutionsResponse>(await Http.GetStringAsync($"api/v1/namespaces/default/workflows?query={query}"));

        var run = Assert.Single(list.Executions);
        Assert.Equal(fixture.Pipeline.RunId, run.Execution.RunId);
        Assert.Equal(UiScenarios.PipelineType, run.Type.Name);
        Assert.Equal(WorkflowExecutionStatus.Running, run.Status);
    }

    [Fact]
    public async Task ListWorkflows_PageSizeOne_PagesWithToken()
    {
        var query = Uri.EscapeDataString($"WorkflowType = '{UiScenarios.PipelineType}' OR WorkflowType = 'ChildWorkflow'");

        var first = Parser.Parse<ListWorkflowExecutionsResponse>(await Http.GetStringAsync($"api/v1/namespaces/default/workflows?pageSize=1&query={query}"));
        var second = Parser.Parse<ListWorkflowExecutionsResponse>(await Http.GetStringAsync($"api/v1/namespaces/default/workflows?pageSize=1&query={query}&nextPageToken={Uri.EscapeDataString(first.NextPageToken.ToBase64())}"));

        Assert.Single(first.Executions);
        Assert.Single(second.Executions);
        Assert.NotEqual(first.Executions[0].Execution.RunId, second.Executions[0].Execution.RunId);
    }

    [Fact]
    public async Task CountWorkflows_GroupByStatus_AnswersGroups()
    {
        var query = Uri.EscapeDataString($"WorkflowId = '{fixture.Pipeline.WorkflowId}' GROUP BY ExecutionStatus");

        var count = Parser.Parse<CountWorkflowExecutionsResponse>(await Http.GetStringAsync($"api/v1/namespaces/default/workflows/count?query={query}"));

        Assert.Equal(1, count.Count);
        Assert.Single(count.Groups);
    }

    [Fact]
    public async Task ListWorkflows_BadQuery_AnswersProblemDetails400()
    {
        using var response = await Http.GetAsync("api/v1/namespaces/default/workflows?query=" + Uri.EscapeDataString("WorkflowId = = 'x'"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal((int)ContentFlows.Temporal.Api.Grpc.GrpcStatusCode.InvalidArgument, problem.GetProperty("grpcStatus").GetInt32());
    }

    [Fact]
    public async Task DescribeRun_UnknownWorkflow_AnswersProblemDetails404()
    {
        using var response = await Http.GetAsync(RunPath("no-such-workflow", "latest"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DescribeRun_Pipeline_AnswersExecutionInfo()
    {
        var describe = Parser.Parse<DescribeWorkflowExecutionResponse>(await Http.GetStringAsync(RunPath(fixture.Pipeline.WorkflowId, "latest")));

        Assert.Equal(fixture.Pipeline.RunId, describe.WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(fixture.Pipeline.TaskQueue, describe.WorkflowExecutionInfo.TaskQueue);
    }

    [Fact]
    public async Task GetHistory_Pipeline_AnswersEveryEventAndATokenWhileOpen()
    {
        var expected = await fixture.Client.GetHistoryAsync(fixture.Pipeline.WorkflowId, fixture.Pipeline.RunId);

        var json = await Http.GetStringAsync(RunPath(fixture.Pipeline.WorkflowId, fixture.Pipeline.RunId) + "/history");
        var page = Parser.Parse<GetWorkflowExecutionHistoryResponse>(json);

        Assert.Contains("\"eventType\": \"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED\"", json, StringComparison.Ordinal);
        Assert.True(page.History.Events.Count >= expected.Count);
        Assert.Equal(expected.Select(e => e.EventId), page.History.Events.Take(expected.Count).Select(e => e.EventId));
        Assert.False(page.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task GetHistory_MoreEventsThanOneEnginePage_JoinsAllPages()
    {
        var workflowId = Names.Unique("ui-many");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-many-tq"));
        for (var i = 0; i < 300; i++)
        {
            await fixture.Client.SignalAsync(workflowId, "tick");
        }

        var page = Parser.Parse<GetWorkflowExecutionHistoryResponse>(await Http.GetStringAsync(RunPath(workflowId, start.RunId) + "/history"));

        Assert.Equal(302, page.History.Events.Count);
        Assert.Equal(Enumerable.Range(1, 302).Select(i => (long)i), page.History.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task GetHistory_WaitAfterTheLastEvent_ReturnsWhenASignalArrives()
    {
        var workflowId = Names.Unique("ui-wait");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-wait-tq"));
        var first = Parser.Parse<GetWorkflowExecutionHistoryResponse>(await Http.GetStringAsync(RunPath(workflowId, start.RunId) + "/history"));

        var waiting = Http.GetStringAsync(RunPath(workflowId, start.RunId) + "/history?wait=true&nextPageToken=" + Uri.EscapeDataString(first.NextPageToken.ToBase64()));
        await fixture.Client.SignalAsync(workflowId, "approve");
        var next = Parser.Parse<GetWorkflowExecutionHistoryResponse>(await waiting.WaitAsync(TimeSpan.FromSeconds(15)));

        var signaled = Assert.Single(next.History.Events);
        Assert.Equal(EventType.WorkflowExecutionSignaled, signaled.EventType);
        Assert.Equal(first.History.Events.Count + 1, signaled.EventId);
        Assert.False(next.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task DownloadHistory_Pipeline_IsTheCliJsonWithEveryEvent()
    {
        using var response = await Http.GetAsync(RunPath(fixture.Pipeline.WorkflowId, fixture.Pipeline.RunId) + "/history/download");
        var json = await response.Content.ReadAsStringAsync();
        var expected = await fixture.Client.GetHistoryAsync(fixture.Pipeline.WorkflowId, fixture.Pipeline.RunId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("{ \"events\": [", json, StringComparison.Ordinal);
        var history = Parser.Parse<History>(json);
        Assert.Equal(expected.Count, history.Events.Count);
        Assert.Equal(expected[^1], history.Events[^1]);
    }

    [Fact]
    public async Task Signal_ThroughTheApi_AppendsASignaledEventWithJsonInput()
    {
        var workflowId = Names.Unique("ui-signal");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-signal-tq"));

        using var response = await Http.PostAsJsonAsync(RunPath(workflowId, start.RunId) + "/signal", new { signalName = "review", input = new { approved = true } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var history = await fixture.Client.GetHistoryAsync(workflowId, start.RunId);
        var signaled = history.Single(e => e.EventType == EventType.WorkflowExecutionSignaled).WorkflowExecutionSignaledEventAttributes;
        Assert.Equal("review", signaled.SignalName);
        Assert.Equal("{\"approved\":true}", signaled.Input.Payloads_[0].Data.ToStringUtf8());
        Assert.Equal("json/plain", signaled.Input.Payloads_[0].Metadata["encoding"].ToStringUtf8());
    }

    [Fact]
    public async Task Signal_WithoutName_AnswersProblemDetails400()
    {
        using var response = await Http.PostAsJsonAsync(RunPath(fixture.Pipeline.WorkflowId, fixture.Pipeline.RunId) + "/signal", new { input = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Query_ThroughTheApi_AnswersTheWorkersResult()
    {
        var workflowId = Names.Unique("ui-query");
        var taskQueue = Names.Unique("ui-query-tq");
        var start = await fixture.Client.StartAsync(workflowId, taskQueue);
        await fixture.Client.CompleteWorkflowTaskAsync((await fixture.Client.NextWorkflowTaskAsync(taskQueue)).TaskToken);

        var asking = Http.PostAsJsonAsync(RunPath(workflowId, start.RunId) + "/query", new { queryType = "progress" });
        var queryTask = await fixture.Client.NextWorkflowTaskAsync(taskQueue);
        Assert.Equal("progress", queryTask.Query.QueryType);
        await fixture.Client.RespondQueryTaskAsync(queryTask.TaskToken, "{\"stage\":\"review\"}");
        using var response = await asking;

        var answer = Parser.Parse<QueryWorkflowResponse>(await response.Content.ReadAsStringAsync());
        Assert.Equal("{\"stage\":\"review\"}", answer.QueryResult.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task CancelThenTerminate_ThroughTheApi_RecordsBoth()
    {
        var workflowId = Names.Unique("ui-stop");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-stop-tq"));

        using var cancel = await Http.PostAsJsonAsync(RunPath(workflowId, start.RunId) + "/cancel", new { reason = "not needed" });
        using var terminate = await Http.PostAsJsonAsync(RunPath(workflowId, start.RunId) + "/terminate", new { reason = "stuck" });
        using var again = await Http.PostAsJsonAsync(RunPath(workflowId, start.RunId) + "/terminate", new { reason = "twice" });

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, terminate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var history = await fixture.Client.GetHistoryAsync(workflowId, start.RunId);
        Assert.Contains(history, e => e.EventType == EventType.WorkflowExecutionCancelRequested);
        Assert.Equal("stuck", history[^1].WorkflowExecutionTerminatedEventAttributes.Reason);
    }

    [Fact]
    public async Task ListNamespaces_AnswersDefault()
    {
        var list = Parser.Parse<ListNamespacesResponse>(await Http.GetStringAsync("api/v1/namespaces"));

        Assert.Contains(list.Namespaces, n => n.NamespaceInfo.Name == "default");
    }

    [Theory]
    [InlineData("")]
    [InlineData("namespaces/default/workflows")]
    [InlineData("namespaces/default/workflows/some-id/some-run")]
    public async Task Page_AnyAppRoute_ServesIndexHtml(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/js/main.js\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_ScriptAndMissingFile_ServeModuleAnd404()
    {
        using var script = await Http.GetAsync("js/main.js");
        using var missing = await Http.GetAsync("js/missing.js");
        using var unknownApi = await Http.GetAsync("api/v1/nothing-here");

        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(script.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.Equal("application/problem+json", unknownApi.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Validate_AutoUiAddress_IsTheGrpcPortPlus1000OrAFreePort()
    {
        new DevServerOptions("127.0.0.1:7233").Validate(out var standard);
        new DevServerOptions("127.0.0.1:0").Validate(out var free);
        new DevServerOptions("127.0.0.1:7233") { UiAddress = "off" }.Validate(out var off);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8233), standard);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 0), free);
        Assert.Null(off);
        Assert.Throws<ArgumentException>(() => new DevServerOptions("127.0.0.1:0") { UiAddress = "localhost" }.Validate());
    }

    [Fact]
    public async Task StartAsync_UiOff_HasNoUiAddress()
    {
        await using var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = null });

        Assert.Null(host.UiAddress);
        Assert.Null(host.UiUri);
    }
}
