using ContentFlows.Temporal.DevServer.Tests.Rpc;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>A dev server with its UI on a free port, a gRPC client playing the worker, and a seeded pipeline run.</summary>
public sealed class UiFixture : IAsyncLifetime
{
    private DevServerHost? host;
    private WorkflowServiceClient? client;
    private HttpClient? http;
    private PipelineRun? pipeline;

    public DevServerHost Host => host ?? throw new InvalidOperationException("The dev server is not started.");

    public WorkflowServiceClient Client => client ?? throw new InvalidOperationException("The dev server is not started.");

    /// <summary>Gets an HTTP client whose base address is the UI.</summary>
    public HttpClient Http => http ?? throw new InvalidOperationException("The dev server is not started.");

    public Uri UiUri => Host.UiUri ?? throw new InvalidOperationException("The UI is off.");

    /// <summary>Gets the shared pipeline run; tests may signal it but must not close it.</summary>
    public PipelineRun Pipeline => pipeline ?? throw new InvalidOperationException("The scenario is not seeded.");

    public async Task InitializeAsync()
    {
        host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "127.0.0.1:0" });
        client = await WorkflowServiceClient.ConnectAsync(host);
        http = new HttpClient { BaseAddress = UiUri, Timeout = TimeSpan.FromSeconds(60) };
        pipeline = await UiScenarios.RunPipelineAsync(client);
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
