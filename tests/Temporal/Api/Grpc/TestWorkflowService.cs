using System.Collections.Concurrent;
using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

/// <summary>
/// A WorkflowService with real Temporal types whose behaviour the request selects:
/// <list type="bullet">
/// <item>GetSystemInfo: a fixed answer.</item>
/// <item>DescribeNamespace: echoes the namespace and the request headers (in <c>Data</c>); namespace
/// "missing" → NOT_FOUND with a NamespaceNotFoundFailure; "boom" → an unexpected exception.</item>
/// <item>PollWorkflowTaskQueue: waits on its CancellationToken; observed through <see cref="Polls"/> by identity.</item>
/// <item>PollActivityTaskQueue: waits for a <see cref="CallBarrier"/> named by the task queue, then answers with its peer.</item>
/// </list>
/// </summary>
public sealed class TestWorkflowService
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";
    public const string MissingNamespace = "missing";
    public const string FailingNamespace = "boom";

    public TestWorkflowService()
    {
        Definition = new GrpcServiceDefinition(ServiceName)
            .AddUnary("GetSystemInfo", GetSystemInfoRequest.Parser, (GetSystemInfoRequest _, GrpcCallContext _) =>
                Task.FromResult(new GetSystemInfoResponse { ServerVersion = "1.0.0-test", Capabilities = new() { SignalAndQueryHeader = true } }))
            .AddUnary("DescribeNamespace", DescribeNamespaceRequest.Parser, DescribeNamespaceAsync)
            .AddUnary("PollWorkflowTaskQueue", PollWorkflowTaskQueueRequest.Parser, PollWorkflowTaskQueueAsync)
            .AddUnary("PollActivityTaskQueue", PollActivityTaskQueueRequest.Parser, PollActivityTaskQueueAsync);
    }

    public static GrpcServiceDefinition OperatorDefinition { get; } = new GrpcServiceDefinition("temporal.api.operatorservice.v1.OperatorService")
        .AddUnary("ListSearchAttributes", ListSearchAttributesRequest.Parser, (ListSearchAttributesRequest _, GrpcCallContext _) =>
            Task.FromResult(new ListSearchAttributesResponse()));

    public GrpcServiceDefinition Definition { get; }

    public ConcurrentDictionary<string, PollProbe> Polls { get; } = new();

    public ConcurrentDictionary<string, CallBarrier> Barriers { get; } = new();

    private static Task<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, GrpcCallContext context)
    {
        switch (request.Namespace)
        {
            case MissingNamespace:
                throw new GrpcException(
                    GrpcStatusCode.NotFound,
                    $"Namespace {request.Namespace} is not found. 100% sure — ✓\nsecond line",
                    new NamespaceNotFoundFailure { Namespace = request.Namespace });
            case FailingNamespace:
                throw new InvalidOperationException("the store exploded");
        }

        var info = new NamespaceInfo { Name = request.Namespace, Id = context.Method };
        foreach (var (name, value) in context.RequestHeaders)
        {
            info.Data[name] = value;
        }

        return Task.FromResult(new DescribeNamespaceResponse { NamespaceInfo = info });
    }

    private async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueueAsync(PollWorkflowTaskQueueRequest request, GrpcCallContext context)
    {
        var probe = Polls.GetOrAdd(request.Identity, _ => new PollProbe());
        probe.Deadline = context.Deadline;
        probe.Entered.TrySetResult();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (context.CancellationToken.Register(() => cancelled.TrySetResult()))
        {
            await cancelled.Task;
        }

        probe.Cancelled.TrySetResult();
        context.CancellationToken.ThrowIfCancellationRequested();
        return new PollWorkflowTaskQueueResponse();
    }

    private async Task<PollActivityTaskQueueResponse> PollActivityTaskQueueAsync(PollActivityTaskQueueRequest request, GrpcCallContext context)
    {
        var barrier = Barriers[request.TaskQueue.Name];
        await barrier.ArriveAndWaitAsync(context.CancellationToken);
        return new PollActivityTaskQueueResponse { ActivityId = request.Identity, TaskToken = ByteString.CopyFromUtf8(context.Peer) };
    }
}

/// <summary>What one PollWorkflowTaskQueue handler went through.</summary>
public sealed class PollProbe
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset? Deadline { get; set; }
}

/// <summary>Releases every caller only once <c>participants</c> calls are inside their handlers at once.</summary>
public sealed class CallBarrier(int participants)
{
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    public Task ArriveAndWaitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref arrived) == participants)
        {
            allArrived.TrySetResult();
        }

        return allArrived.Task.WaitAsync(cancellationToken);
    }
}
