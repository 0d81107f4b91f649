using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>The server's structured log events.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC handler for {Method} failed; answering INTERNAL")]
    internal static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "gRPC call {Method} ended with {StatusCode}: {StatusMessage}")]
    internal static partial void CallFailed(ILogger logger, string method, GrpcStatusCode statusCode, string statusMessage);
}
