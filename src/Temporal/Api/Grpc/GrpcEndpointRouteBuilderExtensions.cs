using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Maps <see cref="GrpcServiceDefinition"/>s onto ASP.NET Core endpoint routing.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    // The "unknown service" route must exist once per route builder however many services are mapped.
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> UnknownServiceRoutes = [];

    /// <summary>
    /// Maps <c>POST /{service}/{method}</c> for every method of <paramref name="service"/>, and answers
    /// <see cref="GrpcStatusCode.Unimplemented"/> (<c>unknown method X for service Y</c>,
    /// <c>unknown service Y</c>) for methods and services nobody mapped. The server must speak HTTP/2
    /// (for h2c, Kestrel's <c>HttpProtocols.Http2</c>), since gRPC statuses travel in trailers.
    /// </summary>
    /// <param name="endpoints">The route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="service">The service and its methods.</param>
    /// <param name="options">Limits and logging; defaults when null. Validated here, once.</param>
    /// <returns>The route group of the service, for further conventions.</returns>
    public static IEndpointConventionBuilder MapGrpcService(
        this IEndpointRouteBuilder endpoints,
        GrpcServiceDefinition service,
        GrpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        options ??= new GrpcServerOptions();
        options.Validate();

        var logger = options.Logger
            ?? endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("ContentFlows.Temporal.Api.Grpc")
            ?? NullLogger.Instance;
        var handler = new GrpcServerCallHandler(options, logger);
        var serviceName = service.ServiceName;

        var group = endpoints.MapGroup("/" + serviceName);
        foreach (var method in service.Methods.Values)
        {
            var fullMethod = $"/{serviceName}/{method.Name}";
            group.MapPost("/" + method.Name, (RequestDelegate)(context => handler.HandleUnaryAsync(context, method, fullMethod)));
        }

        // Literal method routes take precedence over this parameter route.
        group.MapPost("/{method}", (RequestDelegate)(context =>
            handler.HandleUnimplementedAsync(context, $"unknown method {context.GetRouteValue("method")} for service {serviceName}")));

        if (UnknownServiceRoutes.TryAdd(endpoints, handler))
        {
            // Ordered last so that any other application route of the same shape wins.
            endpoints.MapPost("/{service}/{method}", (RequestDelegate)(context =>
                    handler.HandleUnimplementedAsync(context, $"unknown service {context.GetRouteValue("service")}")))
                .WithOrder(int.MaxValue - 1);
        }

        return group;
    }
}
