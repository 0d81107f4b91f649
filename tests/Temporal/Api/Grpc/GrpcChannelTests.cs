using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

[Collection(GrpcServerCollection.Name)]
public sealed class GrpcChannelTests(GrpcTestServer server)
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
    public async Task CallUnaryAsync_CompressRequests_ServerInflatesGzip()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { CompressRequests = true });
        var name = new string('n', 50_000);

        var response = await channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = name }, DescribeNamespaceResponse.Parser);

        Assert.Equal(name, response.NamespaceInfo.Name);
        Assert.Equal("gzip", response.NamespaceInfo.Data["grpc-encoding"]);
    }

    [Fact]
    public async Task CallUnaryAsync_ChannelAndCallHeaders_ReachHandlerWithCallOverridingChannel()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions(new Dictionary<string, string>
        {
            ["temporal-namespace"] = "default",
            ["authorization"] = "Bearer channel",
            ["client-name"] = "contentflows-tests",
        }));
        var options = new GrpcCallOptions { Headers = { ["authorization"] = "Bearer call" } };

        var response = await channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = "default" }, DescribeNamespaceResponse.Parser, options);

        var headers = response.NamespaceInfo.Data;
        Assert.Equal("default", headers["temporal-namespace"]);
        Assert.Equal("Bearer call", headers["authorization"]);
        Assert.Equal("contentflows-tests", headers["client-name"]);
        Assert.Equal("trailers", headers["te"]);
    }

    [Fact]
    public async Task CallUnaryAsync_HandlerThrowsGrpcException_ClientGetsStatusMessageAndDetails()
    {
        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = TestWorkflowService.MissingNamespace }, DescribeNamespaceResponse.Parser));

        Assert.Equal(GrpcStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("Namespace missing is not found. 100% sure — ✓\nsecond line", exception.Message);
        var detail = exception.FindDetail<NamespaceNotFoundFailure>();
        Assert.NotNull(detail);
        Assert.Equal(TestWorkflowService.MissingNamespace, detail.Namespace);
        Assert.Equal("type.googleapis.com/temporal.api.errordetails.v1.NamespaceNotFoundFailure", Assert.Single(exception.Details).TypeUrl);
    }

    [Fact]
    public async Task CallUnaryAsync_HandlerThrowsUnexpectedException_ThrowsInternalWithMessageAndLogs()
    {
        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", new DescribeNamespaceRequest { Namespace = TestWorkflowService.FailingNamespace }, DescribeNamespaceResponse.Parser));

        Assert.Equal(GrpcStatusCode.Internal, exception.StatusCode);
        Assert.Equal("the store exploded", exception.Message);
        Assert.Contains(server.Logger.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "the store exploded" && e.Message.Contains("DescribeNamespace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallUnaryAsync_UnknownMethod_ThrowsUnimplementedNamingMethodAndService()
    {
        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "StartBatchOperation", new StartBatchOperationRequest(), StartBatchOperationResponse.Parser));

        Assert.Equal(GrpcStatusCode.Unimplemented, exception.StatusCode);
        Assert.Equal($"unknown method StartBatchOperation for service {Service}", exception.Message);
    }

    [Fact]
    public async Task CallUnaryAsync_UnknownService_ThrowsUnimplementedNamingService()
    {
        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync("temporal.api.cloud.cloudservice.v1.CloudService", "GetUsers", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser));

        Assert.Equal(GrpcStatusCode.Unimplemented, exception.StatusCode);
        Assert.Equal("unknown service temporal.api.cloud.cloudservice.v1.CloudService", exception.Message);
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
    public async Task CallUnaryAsync_RequestOverServerLimit_ThrowsResourceExhaustedWithGrpcGoMessage()
    {
        var request = new DescribeNamespaceRequest { Namespace = new string('x', GrpcTestServer.MaxReceiveMessageSize) };

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "DescribeNamespace", request, DescribeNamespaceResponse.Parser));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, exception.StatusCode);
        Assert.Equal($"grpc: received message larger than max ({request.CalculateSize()} vs. {GrpcTestServer.MaxReceiveMessageSize})", exception.Message);
        var next = await server.Channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);
        Assert.Equal("1.0.0-test", next.ServerVersion);
    }

    [Fact]
    public async Task CallUnaryAsync_GzipRequestInflatingOverServerLimit_ThrowsResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { CompressRequests = true });
        var request = new DescribeNamespaceRequest { Namespace = new string('x', GrpcTestServer.MaxReceiveMessageSize) };

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            channel.CallUnaryAsync(Service, "DescribeNamespace", request, DescribeNamespaceResponse.Parser));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, exception.StatusCode);
        Assert.StartsWith("grpc: received message after decompression larger than max", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallUnaryAsync_ResponseOverClientLimit_ThrowsResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 4 });

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, exception.StatusCode);
        Assert.StartsWith("grpc: received message larger than max (", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallUnaryAsync_DeadlinePassesDuringHandler_ThrowsDeadlineExceededAndCancelsHandlerToken()
    {
        var identity = Guid.NewGuid().ToString();
        var options = new GrpcCallOptions(TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest { Identity = identity }, PollWorkflowTaskQueueResponse.Parser, options));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, exception.StatusCode);
        var probe = server.Service.Polls[identity];
        await probe.Cancelled.Task.WaitAsync(Safety);
        Assert.NotNull(probe.Deadline);
    }

    [Fact]
    public async Task CallUnaryAsync_DeadlineAlreadyPassed_ThrowsDeadlineExceededWithoutSending()
    {
        var identity = Guid.NewGuid().ToString();
        var options = new GrpcCallOptions { Deadline = DateTimeOffset.UtcNow.AddSeconds(-1) };

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            server.Channel.CallUnaryAsync(Service, "PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest { Identity = identity }, PollWorkflowTaskQueueResponse.Parser, options));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, exception.StatusCode);
        Assert.False(server.Service.Polls.ContainsKey(identity));
    }

    [Fact]
    public async Task CallUnaryAsync_CallerCancels_ThrowsOperationCanceledAndCancelsHandlerToken()
    {
        var identity = Guid.NewGuid().ToString();
        var probe = server.Service.Polls.GetOrAdd(identity, _ => new PollProbe());
        using var cancellation = new CancellationTokenSource();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var call = server.Channel.CallUnaryAsync(Service, "PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest { Identity = identity }, PollWorkflowTaskQueueResponse.Parser, cancellationToken: cancellation.Token);
            await probe.Entered.Task.WaitAsync(Safety);
            await cancellation.CancelAsync();
            await call;
        });

        Assert.Equal(cancellation.Token, exception.CancellationToken);
        await probe.Cancelled.Task.WaitAsync(Safety);
        Assert.Null(probe.Deadline);
    }

    [Fact]
    public async Task CallUnaryAsync_FiftyConcurrentLongCalls_AllInFlightAtOnceOnOneConnection()
    {
        const int calls = 50;
        var queue = Guid.NewGuid().ToString();
        server.Service.Barriers[queue] = new CallBarrier(calls);
        using var channel = GrpcChannel.ForAddress(server.Address);

        // Connected first: while a first connection is still being set up the handler may open a second one (multiple
        // HTTP/2 connections are enabled for long polls), which is not what this test is about.
        await channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);

        // Each handler waits until all 50 are inside their handlers, so this completes only if the calls run concurrently.
        var responses = await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            channel.CallUnaryAsync(
                Service,
                "PollActivityTaskQueue",
                new PollActivityTaskQueueRequest { TaskQueue = new TaskQueue { Name = queue }, Identity = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                PollActivityTaskQueueResponse.Parser,
                new GrpcCallOptions(TimeSpan.FromSeconds(30))))).WaitAsync(Safety);

        Assert.Equal(Enumerable.Range(0, calls), responses.Select(r => int.Parse(r.ActivityId, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Single(responses.Select(r => r.TaskToken.ToStringUtf8()).Distinct());
    }

    [Fact]
    public async Task CallUnaryAsync_ServerUnreachable_ThrowsUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser));

        Assert.Equal(GrpcStatusCode.Unavailable, exception.StatusCode);
        Assert.IsType<HttpRequestException>(exception.InnerException);
    }

    [Fact]
    public async Task CallUnaryAsync_GzipResponse_IsInflated()
    {
        var payload = new GetSystemInfoResponse { ServerVersion = new string('v', 1000) }.ToByteArray();
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(payload);
        }

        using var handler = new StubHandler(RawGrpc.Frame(compressed.ToArray(), flag: 1), "gzip");
        using var channel = GrpcChannel.ForAddress(new Uri("http://stub.invalid"), new GrpcChannelOptions { HttpHandler = handler });

        var response = await channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);

        Assert.Equal(new string('v', 1000), response.ServerVersion);
        Assert.Equal(HttpVersion.Version20, handler.LastRequest?.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, handler.LastRequest?.VersionPolicy);
        Assert.Equal(new Uri("http://stub.invalid/" + Service + "/GetSystemInfo"), handler.LastRequest?.RequestUri);
    }

    [Fact]
    public async Task CallUnaryAsync_ResponseWithoutGrpcStatus_ThrowsInternal()
    {
        using var handler = new StubHandler(RawGrpc.Frame(new GetSystemInfoResponse()), encoding: null, sendStatus: false);
        using var channel = GrpcChannel.ForAddress(new Uri("http://stub.invalid"), new GrpcChannelOptions { HttpHandler = handler });

        var exception = await Assert.ThrowsAsync<GrpcException>(() =>
            channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser));

        Assert.Equal(GrpcStatusCode.Internal, exception.StatusCode);
    }

    [Fact]
    public void ForAddress_NonHttpScheme_ThrowsNamingAddress()
    {
        var exception = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress(new Uri("ftp://localhost:7233")));

        Assert.Equal("address", exception.ParamName);
        Assert.Contains("ftp://localhost:7233", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallUnaryAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var channel = GrpcChannel.ForAddress(server.Address);
        channel.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            channel.CallUnaryAsync(Service, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser));
    }

    /// <summary>Answers every request with one fixed gRPC body and OK trailers.</summary>
    private sealed class StubHandler(byte[] body, string? encoding, bool sendStatus = true) : HttpMessageHandler
    {
        public HttpRequestMessage? LastRequest { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastRequest = request;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent(body) };
            response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
            if (encoding is not null)
            {
                response.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
            }

            if (sendStatus)
            {
                response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            }

            return Task.FromResult(response);
        }
    }
}
