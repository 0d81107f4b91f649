using System.Net;
using ContentFlows.Temporal.Api.Grpc;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

/// <summary>A real Kestrel, h2c only, on a free loopback port, serving <see cref="TestWorkflowService"/>.</summary>
public sealed class GrpcTestServer : IAsyncLifetime
{
    /// <summary>Small enough that tests can exceed it cheaply, big enough to span several pipe segments.</summary>
    public const int MaxReceiveMessageSize = 64 * 1024;

    private WebApplication? app;
    private GrpcChannel? channel;

    public TestWorkflowService Service { get; } = new();

    public CapturingLogger Logger { get; } = new();

    public Uri Address { get; private set; } = null!;

    /// <summary>Gets a standard gRPC client channel shared by the tests that need no special options.</summary>
    public GrpcChannel Channel => channel ?? throw new InvalidOperationException("Server not started.");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServiceDefinitions(new GrpcServerOptions(Logger) { MaxReceiveMessageSize = MaxReceiveMessageSize });
        app = builder.Build();
        app.MapGrpcServices(Service.Definition, TestWorkflowService.OperatorDefinition);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address);
        channel = GrpcChannel.ForAddress(Address);
    }

    public async Task DisposeAsync()
    {
        channel?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrpcServerCollection : ICollectionFixture<GrpcTestServer>
{
    public const string Name = "gRPC server";
}
