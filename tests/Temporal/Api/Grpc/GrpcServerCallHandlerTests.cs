using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

/// <summary>The server's unary calls as a standard gRPC client (Grpc.Net.Client) sees them.</summary>
[Collection(GrpcServerCollection.Name)]
public sealed class GrpcServerCallHandlerTests(GrpcTestServer server)
{
    private const string Service = TestWorkflowService.ServiceName;
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CallUnaryAsync_GetSystemInfo_ReturnsServerResponse()
    {
        var response = await server.Channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);

        Assert.Equal("1.0.0-test", response.ServerVersion);
        Assert.True(response.Capabilities.SignalAndQueryHeader);
    }

    [Fact]
    public async Task CallUnaryAsync_LargeRequestAndResponse_RoundTrips()
    {
        // ~60 KB spans several Kestrel pipe segments but stays under the server's 64 KiB limit.
        var name = string.Concat(Enumerable.Range(0, 6000).Select(i => (i % 10).ToString("D10", System.Globalization.CultureInfo.InvariantCulture)))[..60_000];

        var response = await server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = name }, DescribeNamespaceResponse.Parser);

        Assert.Equal(name, response.NamespaceInfo.Name);
        Assert.Equal("/" + Service + "/DescribeNamespace", response.NamespaceInfo.Id);
    }

    [Fact]
    public async Task CallUnaryAsync_GzipRequest_ServerInflatesIt()
    {
        var name = new string('n', 50_000);

        var response = await server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = name }, DescribeNamespaceResponse.Parser, Gzip());

        Assert.Equal(name, response.NamespaceInfo.Name);
    }

    [Fact]
    public async Task CallUnaryAsync_Metadata_ReachesHandlerAsLowerCaseHeaders()
    {
        var metadata = new Metadata
        {
            { "temporal-namespace", "default" },
            { "Authorization", "Bearer call" },
            { "client-name", "contentflows-tests" },
        };

        var response = await server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = "default" }, DescribeNamespaceResponse.Parser, new CallOptions(metadata));

        var headers = response.NamespaceInfo.Data;
        Assert.Equal("default", headers["temporal-namespace"]);
        Assert.Equal("Bearer call", headers["authorization"]);
        Assert.Equal("contentflows-tests", headers["client-name"]);
    }

    [Fact]
    public async Task CallUnaryAsync_HandlerThrowsGrpcException_ClientGetsStatusMessageAndDetails()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = TestWorkflowService.MissingNamespace }, DescribeNamespaceResponse.Parser));

        Assert.Equal(StatusCode.NotFound, exception.StatusCode);
        Assert.Equal("Namespace missing is not found. 100% sure — ✓\nsecond line", exception.Status.Detail);
        var status = Google.Rpc.Status.Parser.ParseFrom(exception.Trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.Equal((int)StatusCode.NotFound, status.Code);
        var detail = Assert.Single(status.Details);
        Assert.Equal("type.googleapis.com/temporal.api.errordetails.v1.NamespaceNotFoundFailure", detail.TypeUrl);
        Assert.Equal(TestWorkflowService.MissingNamespace, detail.Unpack<NamespaceNotFoundFailure>().Namespace);
    }

    [Fact]
    public async Task CallUnaryAsync_HandlerThrowsUnexpectedException_ThrowsInternalWithMessageAndLogs()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = TestWorkflowService.FailingNamespace }, DescribeNamespaceResponse.Parser));

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
        Assert.Equal("the store exploded", exception.Status.Detail);
        Assert.Contains(server.Logger.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "the store exploded" && e.Message.Contains("DescribeNamespace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallUnaryAsync_UnknownMethod_ThrowsUnimplementedNamingMethodAndService()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "StartBatchOperation", new StartBatchOperationRequest(), StartBatchOperationResponse.Parser));

        Assert.Equal(StatusCode.Unimplemented, exception.StatusCode);
        Assert.Equal($"unknown method StartBatchOperation for service {Service}", exception.Status.Detail);
    }

    [Fact]
    public async Task CallUnaryAsync_UnknownService_ThrowsUnimplementedNamingService()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync("temporal.api.cloud.cloudservice.v1.CloudService", "GetUsers", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser));

        Assert.Equal(StatusCode.Unimplemented, exception.StatusCode);
        Assert.Equal("unknown service temporal.api.cloud.cloudservice.v1.CloudService", exception.Status.Detail);
    }

    [Fact]
    public async Task CallUnaryAsync_SecondMappedService_IsServed()
    {
        var response = await server.Channel.CallUnaryAsync(
            "temporal.api.operatorservice.v1.OperatorService",
            "ListSearchAttributes",
            new Temporalio.Api.OperatorService.V1.ListSearchAttributesRequest { Namespace = "default" },
            Temporalio.Api.OperatorService.V1.ListSearchAttributesResponse.Parser);

        Assert.Empty(response.CustomAttributes);
    }

    [Fact]
    public async Task CallUnaryAsync_RequestOverServerLimit_ThrowsResourceExhaustedAndKeepsServing()
    {
        var request = new DescribeNamespaceRequest { Namespace = new string('x', GrpcTestServer.MaxReceiveMessageSize) };

        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", request, DescribeNamespaceResponse.Parser));

        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
        Assert.Equal("Received message exceeds the maximum configured message size.", exception.Status.Detail);
        var next = await server.Channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);
        Assert.Equal("1.0.0-test", next.ServerVersion);
    }

    [Fact]
    public async Task CallUnaryAsync_GzipRequestInflatingOverServerLimit_ThrowsResourceExhausted()
    {
        var request = new DescribeNamespaceRequest { Namespace = new string('x', GrpcTestServer.MaxReceiveMessageSize) };

        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", request, DescribeNamespaceResponse.Parser, Gzip()));

        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
        Assert.Equal("Received message exceeds the maximum configured message size.", exception.Status.Detail);
    }

    [Fact]
    public async Task CallUnaryAsync_DeadlinePassesDuringHandler_ThrowsDeadlineExceededAndCancelsHandlerToken()
    {
        var identity = Guid.NewGuid().ToString();
        var deadline = DateTime.UtcNow.AddMilliseconds(300);
        var sent = new DateTimeOffset(deadline);

        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest { Identity = identity }, PollWorkflowTaskQueueResponse.Parser, new CallOptions(deadline: deadline)));

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        var probe = server.Service.Polls[identity];
        await probe.Cancelled.Task.WaitAsync(Safety);

        // The handler saw the deadline the client sent in grpc-timeout, give or take the clocks' rounding.
        Assert.NotNull(probe.Deadline);
        Assert.InRange(probe.Deadline.Value, sent.AddSeconds(-1), sent.AddSeconds(1));
    }

    [Fact]
    public async Task CallUnaryAsync_CallerCancels_CancelsHandlerToken()
    {
        var identity = Guid.NewGuid().ToString();
        var probe = server.Service.Polls.GetOrAdd(identity, _ => new PollProbe());
        using var cancellation = new CancellationTokenSource();

        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            var call = server.Channel.CallUnaryAsync(Service, "PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest { Identity = identity }, PollWorkflowTaskQueueResponse.Parser, new CallOptions(cancellationToken: cancellation.Token));
            await probe.Entered.Task.WaitAsync(Safety);
            await cancellation.CancelAsync();
            await call;
        });

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
        await probe.Cancelled.Task.WaitAsync(Safety);
        Assert.Null(probe.Deadline);
    }

    [Fact]
    public async Task CallUnaryAsync_FiftyConcurrentLongCalls_AllInFlightAtOnceOnOneConnection()
    {
        const int calls = 50;
        var queue = Guid.NewGuid().ToString();
        server.Service.Barriers[queue] = new CallBarrier(calls);

        // One HTTP/2 connection only: the test is about the server multiplexing calls, not the client opening more.
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false };
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });

        // Each handler waits until all 50 are inside their handlers, so this completes only if the calls run concurrently.
        var responses = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            channel.CallUnaryAsync(
                Service,
                "PollActivityTaskQueue",
                new PollActivityTaskQueueRequest { TaskQueue = new TaskQueue { Name = queue }, Identity = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                PollActivityTaskQueueResponse.Parser,
                new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30))))).WaitAsync(Safety);

        Assert.Equal(Enumerable.Range(0, calls), responses.Select(r => int.Parse(r.ActivityId, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Single(responses.Select(r => r.TaskToken.ToStringUtf8()).Distinct());
    }

    /// <summary>Asks Grpc.Net.Client to gzip this call's request message.</summary>
    private static CallOptions Gzip() => new(new Metadata { { "grpc-internal-encoding-request", "gzip" } });
}
