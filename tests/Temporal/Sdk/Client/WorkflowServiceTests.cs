using System.Buffers.Binary;
using System.Net;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

public sealed class WorkflowServiceTests
{
    /// <summary>Answers each call with the next scripted gRPC status (OK carries a GetSystemInfo response).</summary>
    private sealed class ScriptedHandler(params GrpcStatusCode[] statuses) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var status = statuses[Math.Min(Calls, statuses.Length - 1)];
            Calls++;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20 };
            if (status != GrpcStatusCode.Ok)
            {
                response.Headers.TryAddWithoutValidation("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Headers.TryAddWithoutValidation("grpc-message", "scripted");
                response.Content = new ByteArrayContent([]);
                response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
                return Task.FromResult(response);
            }

            var message = new GetSystemInfoResponse { ServerVersion = "scripted" }.ToByteArray();
            var frame = new byte[5 + message.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
            message.CopyTo(frame, 5);
            response.Content = new ByteArrayContent(frame);
            response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            return Task.FromResult(response);
        }
    }

    private static WorkflowService Service(ScriptedHandler handler) =>
        new(GrpcChannel.ForAddress(new Uri("http://scripted.invalid"), new GrpcChannelOptions { HttpHandler = handler }), ownsChannel: true);

    [Fact]
    public async Task InvokeAsync_TransientThenOk_RetriesAndReturnsResponse()
    {
        var handler = new ScriptedHandler(GrpcStatusCode.Unavailable, GrpcStatusCode.ResourceExhausted, GrpcStatusCode.Ok);
        using var service = Service(handler);

        var response = await service.GetSystemInfoAsync(new GetSystemInfoRequest());

        Assert.Equal("scripted", response.ServerVersion);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task InvokeAsync_RetryDisabled_ThrowsAfterOneCall()
    {
        var handler = new ScriptedHandler(GrpcStatusCode.Unavailable, GrpcStatusCode.Ok);
        using var service = Service(handler);

        var error = await Assert.ThrowsAsync<RpcException>(() => service.GetSystemInfoAsync(new GetSystemInfoRequest(), new RpcOptions { Retry = false }));

        Assert.Equal(GrpcStatusCode.Unavailable, error.Code);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task InvokeAsync_NonTransientStatus_ThrowsWithoutRetry()
    {
        var handler = new ScriptedHandler(GrpcStatusCode.NotFound, GrpcStatusCode.Ok);
        using var service = Service(handler);

        var error = await Assert.ThrowsAsync<RpcException>(() => service.GetSystemInfoAsync(new GetSystemInfoRequest()));

        Assert.Equal(GrpcStatusCode.NotFound, error.Code);
        Assert.Equal("scripted", error.Message);
        Assert.Equal(1, handler.Calls);
    }

    [Theory]
    [InlineData("GetWorkflowExecutionHistory", true)]
    [InlineData("DescribeWorkflowExecution", true)]
    [InlineData("SignalWorkflowExecution", false)]
    [InlineData("StartWorkflowExecution", false)]
    public void IsRetryable_Unknown_OnlyForReads(string method, bool retryable)
    {
        Assert.Equal(retryable, WorkflowService.IsRetryable(GrpcStatusCode.Unknown, method));
        Assert.True(WorkflowService.IsRetryable(GrpcStatusCode.Unavailable, method));
    }
}
