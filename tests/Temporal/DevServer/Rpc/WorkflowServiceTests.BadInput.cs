using System.Buffers.Binary;
using System.Net;
using ContentFlows.Temporal.DevServer.Engine;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Bad input: each gets the status a real server gives, and the server keeps serving.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task StartWorkflowExecution_MalformedProtobufBody_ReturnsInternalAndKeepsServing()
    {
        // Field 1 (namespace) claims 100 bytes but only 2 follow: protobuf parsing must fail.
        var (status, message, body) = await PostRawAsync("StartWorkflowExecution", [0x0A, 0x64, 0x01, 0x02]);

        // grpc-go answers INTERNAL "grpc: error unmarshalling request: ..." as a trailers-only response.
        Assert.Empty(body);
        Assert.Equal(StatusCode.Internal, status);
        Assert.StartsWith("grpc: error unmarshalling request", message, StringComparison.Ordinal);

        var info = await Client.GetSystemInfoAsync();
        Assert.False(string.IsNullOrEmpty(info.ServerVersion));
        var started = await Client.StartAsync(Names.Unique("after-garbage"), Names.Unique("tq"));
        Assert.True(started.Started);
    }

    [Fact]
    public async Task StartWorkflowExecution_UnknownNamespace_ReturnsNotFoundWithNamespaceDetail()
    {
        var request = WorkflowServiceClient.NewStart(Names.Unique("wf"), Names.Unique("tq"));
        request.Namespace = Names.Unique("missing-ns");

        var error = await AssertStatusAsync(StatusCode.NotFound, () => Client.StartAsync(request));

        Assert.Equal($"Namespace {request.Namespace} is not found.", error.Message);
        Assert.Equal(request.Namespace, error.FindDetail<NamespaceNotFoundFailure>()?.Namespace);
        Assert.True((await Client.StartAsync(Names.Unique("wf"), Names.Unique("tq"))).Started);
    }

    [Fact]
    public async Task DescribeNamespace_UnknownNamespace_ReturnsNotFoundWithNamespaceDetail()
    {
        var missing = Names.Unique("missing-ns");

        var error = await AssertStatusAsync(StatusCode.NotFound, () => Client.DescribeNamespaceAsync(missing));

        Assert.Equal(missing, error.FindDetail<NamespaceNotFoundFailure>()?.Namespace);
        Assert.Equal("default", (await Client.DescribeNamespaceAsync()).NamespaceInfo.Name);
    }

    [Fact]
    public async Task PollWorkflowTaskQueue_UnknownNamespace_ReturnsNotFoundWithNamespaceDetail()
    {
        var missing = Names.Unique("missing-ns");

        var error = await AssertStatusAsync(StatusCode.NotFound, () => Client.PollWorkflowTaskAsync(Names.Unique("tq"), ns: missing));

        Assert.Equal(missing, error.FindDetail<NamespaceNotFoundFailure>()?.Namespace);
        Assert.Equal("default", (await Client.DescribeNamespaceAsync()).NamespaceInfo.Name);
    }

    [Fact]
    public async Task WorkflowExecutionCalls_UnknownWorkflowId_ReturnNotFound()
    {
        var missing = Names.Unique("missing-wf");

        var describe = await AssertStatusAsync(StatusCode.NotFound, () => Client.DescribeAsync(missing));
        var signal = await AssertStatusAsync(StatusCode.NotFound, () => Client.SignalAsync(missing));
        var terminate = await AssertStatusAsync(StatusCode.NotFound, () => Client.TerminateAsync(missing));
        var history = await AssertStatusAsync(StatusCode.NotFound, () => Client.GetHistoryAsync(missing));

        Assert.All(new[] { describe, signal, terminate, history }, e => Assert.Equal($"workflow not found for ID: {missing}", e.Message));
        Assert.True((await Client.StartAsync(Names.Unique("wf"), Names.Unique("tq"))).Started);
    }

    [Fact]
    public async Task StartWorkflowExecution_DuplicateWorkflowId_ReturnsAlreadyExistsWithRunningRun()
    {
        var workflowId = Names.Unique("dup");
        var taskQueue = Names.Unique("tq");
        var first = WorkflowServiceClient.NewStart(workflowId, taskQueue);
        var firstRun = await Client.StartAsync(first);

        var error = await AssertStatusAsync(StatusCode.AlreadyExists, () => Client.StartAsync(workflowId, taskQueue));

        var detail = error.FindDetail<WorkflowExecutionAlreadyStartedFailure>();
        Assert.NotNull(detail);
        Assert.Equal(first.RequestId, detail.StartRequestId);
        Assert.Equal(firstRun.RunId, detail.RunId);
        Assert.Equal(firstRun.RunId, (await Client.DescribeAsync(workflowId)).WorkflowExecutionInfo.Execution.RunId);
    }

    [Fact]
    public async Task RespondTaskCompleted_GarbageTaskToken_ReturnsInvalidArgument()
    {
        var garbage = ByteString.CopyFrom(0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01);

        var workflowTask = await AssertStatusAsync(StatusCode.InvalidArgument, () => Client.CompleteWorkflowTaskAsync(garbage));
        var activityTask = await AssertStatusAsync(StatusCode.InvalidArgument, () => Client.CompleteActivityAsync(garbage));

        Assert.Equal("Error deserializing task token.", workflowTask.Message);
        Assert.Equal("Error deserializing task token.", activityTask.Message);
        Assert.True((await Client.StartAsync(Names.Unique("wf"), Names.Unique("tq"))).Started);
    }

    [Fact]
    public async Task RespondTaskCompleted_WellFormedTokenOfAnotherRun_ReturnsNotFound()
    {
        var started = await StartAndPollAsync("forged");
        var namespaceId = (await Client.DescribeNamespaceAsync()).NamespaceInfo.Id;
        var otherRun = Guid.NewGuid().ToString();
        var workflowToken = new TaskToken(TaskTokenKind.WorkflowTask, namespaceId, started.WorkflowId, otherRun, started.Task.StartedEventId - 1, 1).ToByteString();
        var activityToken = new TaskToken(TaskTokenKind.ActivityTask, namespaceId, started.WorkflowId, otherRun, 5, 1).ToByteString();

        await AssertStatusAsync(StatusCode.NotFound, () => Client.CompleteWorkflowTaskAsync(workflowToken, WorkflowCommands.CompleteWorkflow()));
        await AssertStatusAsync(StatusCode.NotFound, () => Client.CompleteActivityAsync(activityToken));

        // The real task is untouched and still completes.
        await Client.CompleteWorkflowTaskAsync(started.Task.TaskToken, WorkflowCommands.CompleteWorkflow());
        Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Completed, (await Client.DescribeAsync(started.WorkflowId)).WorkflowExecutionInfo.Status);
    }

    [Fact]
    public async Task StartWorkflowExecution_PayloadOverTwoMegabytes_ReturnsInvalidArgument()
    {
        var workflowId = Names.Unique("big");

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => Client.StartAsync(workflowId, Names.Unique("tq"), r => r.Input = BigPayload()));

        Assert.Contains("Blob data size exceeds limit", error.Message, StringComparison.Ordinal);
        await AssertStatusAsync(StatusCode.NotFound, () => Client.DescribeAsync(workflowId));
        Assert.True((await Client.StartAsync(workflowId, Names.Unique("tq"))).Started);
    }

    [Fact]
    public async Task SignalWorkflowExecution_PayloadOverTwoMegabytes_ReturnsInvalidArgumentAndWritesNothing()
    {
        var workflowId = Names.Unique("big-signal");
        var runId = (await Client.StartAsync(workflowId, Names.Unique("tq"))).RunId;

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => Client.SignalAsync(workflowId, input: BigPayload()));

        Assert.Contains("Blob data size exceeds limit", error.Message, StringComparison.Ordinal);
        AssertEventTypes(
            await Client.GetHistoryAsync(workflowId, runId),
            Temporalio.Api.Enums.V1.EventType.WorkflowExecutionStarted,
            Temporalio.Api.Enums.V1.EventType.WorkflowTaskScheduled);
        await Client.SignalAsync(workflowId);
    }

    [Theory]
    [InlineData("WorkflowId", "WorkflowId is not set on request.")]
    [InlineData("WorkflowType", "WorkflowType is not set on request.")]
    [InlineData("TaskQueue", "TaskQueue is not set on request.")]
    public async Task StartWorkflowExecution_MissingRequiredField_ReturnsInvalidArgument(string field, string message)
    {
        var request = WorkflowServiceClient.NewStart(Names.Unique("missing-field"), Names.Unique("tq"));
        switch (field)
        {
            case "WorkflowId":
                request.WorkflowId = string.Empty;
                break;
            case "WorkflowType":
                request.WorkflowType = null;
                break;
            default:
                request.TaskQueue = null;
                break;
        }

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => Client.StartAsync(request));

        Assert.Equal(message, error.Message);
        Assert.True((await Client.StartAsync(Names.Unique("wf"), Names.Unique("tq"))).Started);
    }

    [Fact]
    public async Task Call_UnknownMethod_ReturnsUnimplemented()
    {
        // The SDK only calls methods it knows, so this one goes over plain HTTP/2.
        var (status, message, _) = await PostRawAsync("NoSuchMethod", new GetSystemInfoRequest().ToByteArray());

        Assert.Equal(StatusCode.Unimplemented, status);
        Assert.Equal($"unknown method NoSuchMethod for service {WorkflowServiceClient.ServiceName}", message);
        Assert.False(string.IsNullOrEmpty((await Client.GetSystemInfoAsync()).ServerVersion));
    }

    /// <summary>
    /// Sends one hand-framed gRPC message over HTTP/2 (what no well-behaved client sends) and returns the
    /// status from the trailers, or from the headers of a trailers-only response.
    /// </summary>
    private async Task<(StatusCode Status, string Message, byte[] Body)> PostRawAsync(string method, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Host.Uri, $"/{WorkflowServiceClient.ServiceName}/{method}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = response.TrailingHeaders.Contains("grpc-status") ? (System.Net.Http.Headers.HttpHeaders)response.TrailingHeaders : response.Headers;
        var status = (StatusCode)int.Parse(headers.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
        return (status, Uri.UnescapeDataString(headers.GetValues("grpc-message").Single()), body);
    }

    private static Payloads BigPayload() => new()
    {
        Payloads_ =
        {
            new Payload
            {
                Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/plain") },
                Data = ByteString.CopyFrom(new byte[(2 * 1024 * 1024) + 1]),
            },
        },
    };
}
