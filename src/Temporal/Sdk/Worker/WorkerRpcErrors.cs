using ContentFlows.Temporal.Api.Grpc;

namespace ContentFlows.Temporal.Worker;

/// <summary>How the worker classifies RPC failures.</summary>
internal static class WorkerRpcErrors
{
    /// <summary>
    /// Poll errors worth retrying forever with backoff: the server is unreachable or restarting, overloaded, or the
    /// call broke. Anything else (bad namespace, permissions, bad request) is a configuration error that ends the worker.
    /// </summary>
    public static bool IsRetryablePollError(GrpcStatusCode code) => code is
        GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded or GrpcStatusCode.Cancelled or
        GrpcStatusCode.ResourceExhausted or GrpcStatusCode.Aborted or GrpcStatusCode.Internal or
        GrpcStatusCode.Unknown or GrpcStatusCode.DataLoss;
}
