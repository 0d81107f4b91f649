using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>
/// UNIMPLEMENTED for methods and services nobody mapped, in grpc-go's words (<c>unknown method X for service Y</c>,
/// <c>unknown service Y</c>), which is what Temporal's clients and CLI show from a real server.
/// </summary>
internal static class GrpcUnimplemented
{
    internal static void Map(IEndpointRouteBuilder endpoints, IEnumerable<GrpcServiceDefinition> services)
    {
        foreach (var service in services)
        {
            var name = service.ServiceName;

            // Literal method routes (the mapped methods) take precedence over this parameter route.
            endpoints.MapPost("/" + name + "/{method}", (RequestDelegate)(context =>
                WriteAsync(context, $"unknown method {context.GetRouteValue("method")} for service {name}")));
        }

        // Ordered last so that any other application route of the same shape wins.
        endpoints.MapPost("/{service}/{method}", (RequestDelegate)(context =>
                WriteAsync(context, $"unknown service {context.GetRouteValue("service")}")))
            .WithOrder(int.MaxValue - 1);
    }

    private static Task WriteAsync(HttpContext context, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)GrpcStatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
