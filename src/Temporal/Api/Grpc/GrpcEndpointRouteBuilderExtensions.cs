using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Maps <see cref="GrpcServiceDefinition"/>s onto Grpc.AspNetCore's endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /{service}/{method}</c> for every method of <paramref name="services"/>; Grpc.AspNetCore answers
    /// UNIMPLEMENTED for methods and services nobody mapped. Call once, after
    /// <see cref="GrpcServiceCollectionExtensions.AddGrpcServiceDefinitions"/>. The server must speak HTTP/2.
    /// </summary>
    /// <param name="endpoints">The route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="services">The services and their methods.</param>
    /// <returns>The endpoints' convention builder.</returns>
    /// <exception cref="InvalidOperationException">The gRPC server was not added, or services were already mapped.</exception>
    public static IEndpointConventionBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints, params GrpcServiceDefinition[] services)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(services);
        var catalog = endpoints.ServiceProvider.GetService<GrpcServiceCatalog>()
            ?? throw new InvalidOperationException($"Call {nameof(GrpcServiceCollectionExtensions.AddGrpcServiceDefinitions)} on the services before mapping gRPC services.");
        if (catalog.Services.Count > 0)
        {
            throw new InvalidOperationException("gRPC services are mapped once, all together.");
        }

        var duplicate = services.GroupBy(s => s.ServiceName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Service '{duplicate.Key}' is given more than once.", nameof(services));
        }

        catalog.Logger = catalog.Options.Logger
            ?? endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("ContentFlows.Temporal.Api.Grpc")
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        catalog.Services.AddRange(services);
        var mapped = endpoints.MapGrpcService<GrpcServiceHost>();
        GrpcUnimplemented.Map(endpoints, services);
        return mapped;
    }
}
