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
}
