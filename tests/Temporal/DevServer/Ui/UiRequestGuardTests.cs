using System.Net;
using System.Net.Http.Json;
using System.Text;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>
/// The UI against a hostile web page (issue 14, point 3): a DNS-rebinding page reaches 127.0.0.1 under its own Host
/// name; a cross-site page posts to the actions; a server-side request (a webhook) posts any JSON at terminate.
/// </summary>
[Collection(UiApiCollection.Name)]
public sealed class UiRequestGuardTests(UiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static string RunPath(string workflowId, string runId) =>
        $"api/v1/namespaces/default/workflows/{Uri.EscapeDataString(workflowId)}/runs/{Uri.EscapeDataString(runId)}";

    [Fact]
    public async Task ListWorkflows_RebindingHostHeader_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/default/workflows");
        request.Headers.Host = $"attacker.example:{fixture.UiUri.Port}";

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.DoesNotContain(fixture.Pipeline.WorkflowId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListWorkflows_LocalhostHostHeader_Answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/default/workflows");
        request.Headers.Host = $"localhost:{fixture.UiUri.Port}";

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signal_CrossSiteOrigin_RefusedAndNotDelivered()
    {
        var workflowId = Names.Unique("ui-origin");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-origin-tq"));
        using var request = new HttpRequestMessage(HttpMethod.Post, RunPath(workflowId, start.RunId) + "/signal") { Content = JsonContent.Create(new { signalName = "approve", input = new { edit = "x" } }) };
        request.Headers.Add("Origin", "http://attacker.example");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(await fixture.Client.GetHistoryAsync(workflowId, start.RunId), e => e.EventType == EventType.WorkflowExecutionSignaled);
    }

    [Fact]
    public async Task Terminate_CrossSiteSimpleContentType_Refused()
    {
        var workflowId = Names.Unique("ui-simple");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-simple-tq"));
        using var request = new HttpRequestMessage(HttpMethod.Post, RunPath(workflowId, start.RunId) + "/terminate") { Content = new StringContent("""{"reason":"x"}""", Encoding.UTF8, "text/plain") };

        using var response = await Http.SendAsync(request);

        // A simple content type matches no action route (only JSON bodies do): the API's fallback answers 404.
        Assert.True(response.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"answered {response.StatusCode}");
        Assert.DoesNotContain(await fixture.Client.GetHistoryAsync(workflowId, start.RunId), e => e.EventType == EventType.WorkflowExecutionTerminated);
    }

    [Fact]
    public async Task TerminateAndCancel_JsonWithoutReason_RefusedAndRunKeepsRunning()
    {
        var workflowId = Names.Unique("ui-noreason");
        var start = await fixture.Client.StartAsync(workflowId, Names.Unique("ui-noreason-tq"));

        // What a webhook aimed at the route posts: JSON, but not a terminate request.
        using var terminate = await Http.PostAsJsonAsync(RunPath(workflowId, "latest") + "/terminate", new { @event = "content.published", title = "x" });
        using var cancel = await Http.PostAsync(RunPath(workflowId, "latest") + "/cancel", content: null);

        Assert.Equal(HttpStatusCode.BadRequest, terminate.StatusCode);
        // No JSON body at all matches no action route (the API's fallback answers 404): refused either way.
        Assert.True(cancel.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnsupportedMediaType, $"answered {cancel.StatusCode}");
        var history = await fixture.Client.GetHistoryAsync(workflowId, start.RunId);
        Assert.DoesNotContain(history, e => e.EventType is EventType.WorkflowExecutionTerminated or EventType.WorkflowExecutionCancelRequested);
    }
}
