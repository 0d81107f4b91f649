using System.IO.Compression;
using System.Net;
using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

/// <summary>The server's wire behaviour, observed with hand-built HTTP/2 requests.</summary>
[Collection(GrpcServerCollection.Name)]
public sealed class GrpcEndpointRouteBuilderExtensionsTests(GrpcTestServer server)
{
    private const string SystemInfoPath = "/" + TestWorkflowService.ServiceName + "/GetSystemInfo";
    private const string DescribeNamespacePath = "/" + TestWorkflowService.ServiceName + "/DescribeNamespace";
    private const string PollPath = "/" + TestWorkflowService.ServiceName + "/PollWorkflowTaskQueue";
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task MapGrpcService_SuccessfulCall_SendsFramedBodyAndStatusInTrailers()
    {
        var response = await RawGrpc.PostAsync(server.Address, SystemInfoPath, RawGrpc.Frame(new GetSystemInfoRequest()));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.Equal(0, response.Body[0]);
        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(response.Body.AsSpan(1));
        Assert.Equal(response.Body.Length - 5, (int)length);
        Assert.Equal("1.0.0-test", GetSystemInfoResponse.Parser.ParseFrom(response.Body.AsSpan(5)).ServerVersion);
    }

    [Fact]
    public async Task MapGrpcService_NonGrpcContentType_Returns415()
    {
        var response = await RawGrpc.PostAsync(server.Address, SystemInfoPath, "{}"u8.ToArray(), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
    }

    [Fact]
    public async Task MapGrpcService_GrpcWebContentType_Returns415()
    {
        var response = await RawGrpc.PostAsync(server.Address, SystemInfoPath, RawGrpc.Frame(new GetSystemInfoRequest()), contentType: "application/grpc-web");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
    }

    [Fact]
    public async Task MapGrpcService_GrpcProtoContentType_IsAccepted()
    {
        var response = await RawGrpc.PostAsync(server.Address, SystemInfoPath, RawGrpc.Frame(new GetSystemInfoRequest()), contentType: "application/grpc+proto");

        Assert.Equal(0, response.GrpcStatus);
    }

    [Fact]
    public async Task MapGrpcService_DeflateCompressedRequest_IsInflated()
    {
        using var compressed = new MemoryStream();
        // gRPC's "deflate" is the zlib format (RFC 1950).
        using (var deflate = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await deflate.WriteAsync(new DescribeNamespaceRequest { Namespace = "deflated" }.ToByteArray());
        }

        var response = await RawGrpc.PostAsync(
            server.Address,
            DescribeNamespacePath,
            RawGrpc.Frame(compressed.ToArray(), flag: 1),
            headers: new Dictionary<string, string> { ["grpc-encoding"] = "deflate" });

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("deflated", DescribeNamespaceResponse.Parser.ParseFrom(response.Body.AsSpan(5)).NamespaceInfo.Name);
    }

    [Fact]
    public async Task MapGrpcService_CompressedFlagWithoutEncoding_ReturnsInternal()
    {
        var response = await RawGrpc.PostAsync(server.Address, SystemInfoPath, RawGrpc.Frame(new GetSystemInfoRequest(), flag: 1));

        Assert.Equal((int)GrpcStatusCode.Internal, response.GrpcStatus);
        Assert.Contains("compress", response.GrpcMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MapGrpcService_MalformedProtobuf_ReturnsInternalAndKeepsServing()
    {
        // Tag zero is never valid protobuf.
        var response = await RawGrpc.PostAsync(server.Address, DescribeNamespacePath, RawGrpc.Frame([0x00, 0x01]));

        Assert.Equal((int)GrpcStatusCode.Internal, response.GrpcStatus);
        Assert.StartsWith("grpc: error unmarshalling request: ", Uri.UnescapeDataString(response.GrpcMessage!), StringComparison.Ordinal);
        var next = await server.Channel.CallUnaryAsync(TestWorkflowService.ServiceName, "GetSystemInfo", new GetSystemInfoRequest(), GetSystemInfoResponse.Parser);
        Assert.Equal("1.0.0-test", next.ServerVersion);
    }

    [Fact]
    public async Task MapGrpcService_EmptyBody_ReturnsInternal()
    {
        var response = await RawGrpc.PostAsync(server.Address, SystemInfoPath, []);

        Assert.Equal((int)GrpcStatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task MapGrpcService_TruncatedMessage_ReturnsInternal()
    {
        var frame = RawGrpc.Frame(new DescribeNamespaceRequest { Namespace = "default" });

        var response = await RawGrpc.PostAsync(server.Address, DescribeNamespacePath, frame[..^3]);

        Assert.Equal((int)GrpcStatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task MapGrpcService_OversizeRequest_ReturnsResourceExhaustedTrailersOnly()
    {
        var request = new DescribeNamespaceRequest { Namespace = new string('x', 70_000) };

        var response = await RawGrpc.PostAsync(server.Address, DescribeNamespacePath, RawGrpc.Frame(request));

        Assert.Equal((int)GrpcStatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Equal("Received message exceeds the maximum configured message size.", Uri.UnescapeDataString(response.GrpcMessage!));
        Assert.True(response.Headers.ContainsKey("grpc-status"), "status should arrive in the headers of a trailers-only response");
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task MapGrpcService_GrpcTimeoutAlreadyExpired_ReturnsDeadlineExceededWithoutCallingHandler()
    {
        var identity = Guid.NewGuid().ToString();

        var response = await RawGrpc.PostAsync(
            server.Address,
            PollPath,
            RawGrpc.Frame(new PollWorkflowTaskQueueRequest { Identity = identity }),
            headers: new Dictionary<string, string> { ["grpc-timeout"] = "0n" });

        Assert.Equal((int)GrpcStatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.False(server.Service.Polls.ContainsKey(identity));
    }

    [Fact]
    public async Task MapGrpcService_GrpcTimeoutPassesDuringHandler_ReturnsDeadlineExceededAndCancelsHandlerToken()
    {
        var identity = Guid.NewGuid().ToString();
        var before = DateTimeOffset.UtcNow;

        // No client-side deadline here: the status must come from the server's own timer.
        var response = await RawGrpc.PostAsync(
            server.Address,
            PollPath,
            RawGrpc.Frame(new PollWorkflowTaskQueueRequest { Identity = identity }),
            headers: new Dictionary<string, string> { ["grpc-timeout"] = "200m" });

        Assert.Equal((int)GrpcStatusCode.DeadlineExceeded, response.GrpcStatus);
        var probe = server.Service.Polls[identity];
        await probe.Cancelled.Task.WaitAsync(Safety);
        Assert.InRange(probe.Deadline!.Value, before.AddMilliseconds(150), DateTimeOffset.UtcNow.AddMilliseconds(250));
    }

    [Fact]
    public async Task MapGrpcService_MalformedGrpcTimeout_ReturnsInternal()
    {
        var response = await RawGrpc.PostAsync(
            server.Address,
            SystemInfoPath,
            RawGrpc.Frame(new GetSystemInfoRequest()),
            headers: new Dictionary<string, string> { ["grpc-timeout"] = "123456789S" });

        Assert.Equal((int)GrpcStatusCode.Internal, response.GrpcStatus);
        Assert.Contains("grpc-timeout", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapGrpcService_UnknownMethod_ReturnsUnimplementedWithGrpcWording()
    {
        var response = await RawGrpc.PostAsync(server.Address, "/" + TestWorkflowService.ServiceName + "/NoSuchMethod", RawGrpc.Frame(new GetSystemInfoRequest()));

        Assert.Equal((int)GrpcStatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal($"unknown method NoSuchMethod for service {TestWorkflowService.ServiceName}", Uri.UnescapeDataString(response.GrpcMessage!));
    }

    [Fact]
    public async Task MapGrpcService_UnknownService_ReturnsUnimplementedWithGrpcWording()
    {
        var response = await RawGrpc.PostAsync(server.Address, "/no.such.Service/Method", RawGrpc.Frame(new GetSystemInfoRequest()));

        Assert.Equal((int)GrpcStatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal("unknown service no.such.Service", Uri.UnescapeDataString(response.GrpcMessage!));
    }

    [Fact]
    public void AddGrpcServiceDefinitions_InvalidOptions_ThrowsNamingPropertyAndValue()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var options = new GrpcServerOptions { MaxReceiveMessageSize = -5 };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Services.AddGrpcServiceDefinitions(options));

        Assert.Equal(nameof(GrpcServerOptions.MaxReceiveMessageSize), exception.ParamName);
        Assert.Contains("-5", exception.Message, StringComparison.Ordinal);
    }
}

