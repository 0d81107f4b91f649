using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;

namespace ContentFlows.Temporal.Client;

/// <summary>
/// <see cref="IWorkflowService"/> over a <see cref="GrpcChannel"/>, with retries and backoff on transient
/// statuses (the policy of Temporal's own clients: 100 ms initial, ×1.7, ≤ 5 s, ≤ 10 attempts; resource
/// exhaustion waits at least 1 s). UNAVAILABLE, RESOURCE_EXHAUSTED and ABORTED are retried for every call, UNKNOWN for reads only.
/// </summary>
internal sealed partial class WorkflowService : IWorkflowService, IDisposable
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";
    private const int MaxAttempts = 10;
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ResourceExhaustedBackoff = TimeSpan.FromSeconds(1);

    private readonly GrpcChannel channel;
    private readonly bool ownsChannel;
    private readonly TimeProvider timeProvider;

    public WorkflowService(GrpcChannel channel, bool ownsChannel, TimeProvider? timeProvider = null)
    {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public void Dispose()
    {
        if (ownsChannel)
        {
            channel.Dispose();
        }
    }

    /// <summary>Transient statuses; UNKNOWN only for reads, where repeating the call cannot apply a change twice.</summary>
    internal static bool IsRetryable(GrpcStatusCode code, string method) =>
        code is GrpcStatusCode.Unavailable or GrpcStatusCode.ResourceExhausted or GrpcStatusCode.Aborted
        || (code == GrpcStatusCode.Unknown && IsRead(method));

    private static bool IsRead(string method) =>
        method.StartsWith("Get", StringComparison.Ordinal) || method.StartsWith("Describe", StringComparison.Ordinal)
        || method.StartsWith("List", StringComparison.Ordinal) || method.StartsWith("Count", StringComparison.Ordinal);

    internal async Task<TResponse> InvokeAsync<TRequest, TResponse>(string method, TRequest request, MessageParser<TResponse> parser, RpcOptions? options)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = options?.CancellationToken ?? CancellationToken.None;
        var callOptions = new GrpcCallOptions { Deadline = options?.Deadline, Timeout = options?.Timeout };
        if (options is not null)
        {
            foreach (var (name, value) in options.Headers)
            {
                callOptions.Headers[name] = value;
            }
        }

        var backoff = InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await channel.CallUnaryAsync(ServiceName, method, request, parser, callOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (GrpcException e) when (options?.Retry != false && IsRetryable(e.StatusCode, method) && attempt < MaxAttempts
                && (options?.Deadline is not { } deadline || deadline > timeProvider.GetUtcNow() + backoff))
            {
                var wait = e.StatusCode == GrpcStatusCode.ResourceExhausted && backoff < ResourceExhaustedBackoff ? ResourceExhaustedBackoff : backoff;
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, (long)(backoff.Ticks * 1.7)));
            }
            catch (GrpcException e)
            {
                throw new RpcException(e);
            }
        }
    }
}
