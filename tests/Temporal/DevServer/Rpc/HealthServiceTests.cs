using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>The standard gRPC health service, checked with the standard client (Grpc.Net.Client and the official Grpc.HealthCheck stubs).</summary>
[Collection(DevServerCollection.Name)]
public sealed class HealthServiceTests(DevServerFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("temporal.api.workflowservice.v1.WorkflowService")]
    [InlineData("temporal.api.operatorservice.v1.OperatorService")]
    public async Task Check_ServedService_ReturnsServing(string service)
    {
        using var channel = GrpcChannel.ForAddress(fixture.Host.Uri);

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_ReturnsNotFound()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Host.Uri);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        // grpc-go's health server, which Temporal's frontend uses, answers this way.
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("unknown service", error.Status.Detail);
    }

    [Theory]
    [InlineData("", HealthCheckResponse.Types.ServingStatus.Serving)]
    [InlineData("no.such.Service", HealthCheckResponse.Types.ServingStatus.ServiceUnknown)]
    public async Task Watch_Service_StreamsItsStatusFirst(string service, HealthCheckResponse.Types.ServingStatus expected)
    {
        using var channel = GrpcChannel.ForAddress(fixture.Host.Uri);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = service }, cancellationToken: cancel.Token);

        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(expected, watch.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_ServerStops_StreamsNotServingThenEnds()
    {
        var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" });
        using var channel = GrpcChannel.ForAddress(host.Uri);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "temporal.api.workflowservice.v1.WorkflowService" }, cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);

        var stopping = host.DisposeAsync().AsTask();

        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        Assert.False(await watch.ResponseStream.MoveNext(cancel.Token));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
