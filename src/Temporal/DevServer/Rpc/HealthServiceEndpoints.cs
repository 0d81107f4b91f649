using ContentFlows.Temporal.Api.Grpc;
using Grpc.Health.V1;

namespace ContentFlows.Temporal.DevServer.Rpc;

/// <summary>
/// The standard <c>grpc.health.v1.Health</c> service as Temporal's frontend serves it: the server as a whole
/// ("") and the WorkflowService and OperatorService it hosts are SERVING while it runs; any other service name
/// is NOT_FOUND for Check and SERVICE_UNKNOWN for Watch (grpc-go's health server). Watch sends the status at once and
/// NOT_SERVING when the server stops, then ends.
/// </summary>
internal static class HealthServiceEndpoints
{
    public const string ServiceName = "grpc.health.v1.Health";

    private static readonly HashSet<string> ServingServices = new(StringComparer.Ordinal)
    {
        string.Empty,
        WorkflowServiceEndpoints.ServiceName,
        OperatorServiceEndpoints.ServiceName,
    };

    public static GrpcServiceDefinition Create(CancellationToken stopping) => new GrpcServiceDefinition(ServiceName)
        .AddUnary("Check", HealthCheckRequest.Parser, (r, _) => Task.FromResult(Check(r)))
        .AddServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", HealthCheckRequest.Parser, (r, stream, c) => WatchAsync(r, stream, stopping, c.CancellationToken));

    private static async Task WatchAsync(HealthCheckRequest request, Grpc.Core.IServerStreamWriter<HealthCheckResponse> stream, CancellationToken stopping, CancellationToken callEnded)
    {
        var known = ServingServices.Contains(request.Service);
        await stream.WriteAsync(new HealthCheckResponse
        {
            Status = known ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.ServiceUnknown,
        }).ConfigureAwait(false);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, callEnded);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !callEnded.IsCancellationRequested)
        {
            if (known)
            {
                await stream.WriteAsync(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.NotServing }).ConfigureAwait(false);
            }
        }
    }

    private static HealthCheckResponse Check(HealthCheckRequest request) => ServingServices.Contains(request.Service)
        ? new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving }
        : throw new GrpcException(GrpcStatusCode.NotFound, "unknown service");
}
