using ContentFlows.Temporal.Api.Grpc;
using Grpc.Health.V1;

namespace ContentFlows.Temporal.DevServer.Rpc;

/// <summary>
/// The standard <c>grpc.health.v1.Health</c> service as Temporal's frontend serves it: the server as a whole
/// ("") and the WorkflowService and OperatorService it hosts are SERVING while it runs; any other service name
/// is NOT_FOUND. Watch is server-streaming, which this framing (unary only) cannot answer: it stays UNIMPLEMENTED.
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

    public static GrpcServiceDefinition Create() => new GrpcServiceDefinition(ServiceName)
        .AddUnary("Check", HealthCheckRequest.Parser, (r, _) => Task.FromResult(Check(r)));

    private static HealthCheckResponse Check(HealthCheckRequest request) => ServingServices.Contains(request.Service)
        ? new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving }
        : throw new GrpcException(GrpcStatusCode.NotFound, "unknown service");
}
