using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Registers the gRPC server (Grpc.AspNetCore) that serves <see cref="GrpcServiceDefinition"/>s.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds Grpc.AspNetCore with the message limits of <paramref name="options"/> (gzip requests accepted, responses
    /// uncompressed); map the services afterwards with
    /// <see cref="GrpcEndpointRouteBuilderExtensions.MapGrpcServices(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, GrpcServiceDefinition[])"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="options">Limits and logging; defaults when null. Validated here, once.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddGrpcServiceDefinitions(this IServiceCollection services, GrpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new GrpcServerOptions();
        options.Validate();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.MaxSendMessageSize;
            grpc.EnableDetailedErrors = false;

            // Unmapped calls get grpc-go's wording from GrpcUnimplemented instead of ASP.NET's.
            grpc.IgnoreUnknownServices = true;
        });
        services.TryAddSingleton(new GrpcServiceCatalog(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<GrpcServiceHost>, GrpcMethodProvider>());
        return services;
    }
}
