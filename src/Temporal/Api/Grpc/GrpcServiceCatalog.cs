using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>The definitions an application serves, collected before Grpc.AspNetCore discovers their methods.</summary>
internal sealed class GrpcServiceCatalog(GrpcServerOptions options)
{
    internal GrpcServerOptions Options { get; } = options;

    internal List<GrpcServiceDefinition> Services { get; } = [];

    internal ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
