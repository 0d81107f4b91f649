using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Temporalio.Client;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>The optional API key on both ports: SDK clients send it as Temporal Cloud clients do; browsers log in with Basic.</summary>
public sealed class DevServerAccessTests
{
    private const string Key = "dev-key-5b0c";

    [Fact]
    public async Task ApiKey_GrpcAndUi_RefuseWithoutItAndAnswerWithIt()
    {
        await using var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "127.0.0.1:0", ApiKey = Key });
        using var http = new HttpClient { BaseAddress = host.UiUri };

        // The SDK checks the server at connect: the refusal comes back as its connection error, naming the status.
        var anonymous = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Address));
            await client.Connection.WorkflowService.GetSystemInfoAsync(new());
        });
        // The SDK turns TLS on with an API key; the dev server speaks h2c, as `temporal server start-dev` does.
        var keyed = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Address) { ApiKey = Key, Tls = new TlsOptions { Disabled = true } });
        await keyed.Connection.WorkflowService.GetSystemInfoAsync(new());
        using var noKey = await http.GetAsync(new Uri("api/v1/namespaces", UriKind.Relative));
        using var basic = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("engineer:" + Key)));
        using var withKey = await http.SendAsync(basic);

        Assert.Contains("Unauthenticated", anonymous.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.StartsWith("Basic", noKey.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }
}
