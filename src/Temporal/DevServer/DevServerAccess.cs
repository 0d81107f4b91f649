using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// Optional authentication of both ports with one API key, as Temporal Cloud clients send it: gRPC calls carry
/// <c>authorization: Bearer &lt;key&gt;</c> (the SDKs' <c>ApiKey</c> option); the UI takes the same header or HTTP Basic
/// with the key as password, so a browser can log in. Without a key, both ports are open to whoever reaches them.
/// </summary>
internal sealed class DevServerAccess(string? apiKey, IReadOnlyCollection<string> uiHosts)
{
    private readonly byte[]? key = string.IsNullOrEmpty(apiKey) ? null : Encoding.UTF8.GetBytes(apiKey);

    /// <summary>Gets extra Host names the UI answers to besides its own address.</summary>
    public IReadOnlyCollection<string> UiHosts { get; } = uiHosts;

    /// <summary>Writes the warning an operator must see when a port is reachable off this machine without authentication.</summary>
    public static void WarnWhenOpen(IPEndPoint endpoint, string port, bool authenticated, string remedy)
    {
        if (OpenPortWarning(endpoint, port, authenticated, remedy) is { } warning)
        {
            Console.Error.WriteLine(warning);
        }
    }

    /// <summary>The warning for a port off loopback that anyone reaching it may use; null when there is nothing to warn about.</summary>
    internal static string? OpenPortWarning(IPEndPoint endpoint, string port, bool authenticated, string remedy) =>
        authenticated || IPAddress.IsLoopback(endpoint.Address)
            ? null
            : $"warning: the dev server's {port} listens on {endpoint} without authentication; anyone reaching it can read every history and stop or signal any workflow. Set {remedy}, or bind to 127.0.0.1.";

    /// <summary>Refuses gRPC calls without the key with gRPC's UNAUTHENTICATED status.</summary>
    public async Task GrpcMiddlewareAsync(HttpContext context, RequestDelegate next)
    {
        if (key is null || Matches(BearerToken(context.Request)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // gRPC errors travel in trailers-only responses: HTTP 200 with grpc-status in the headers.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "16";
        context.Response.Headers["grpc-message"] = "missing or wrong API key (authorization: Bearer <key>)";
    }

    /// <summary>Refuses UI requests without the key; a browser is asked for it by HTTP Basic.</summary>
    public async Task UiMiddlewareAsync(HttpContext context, RequestDelegate next)
    {
        if (key is null || Matches(BearerToken(context.Request)) || Matches(BasicPassword(context.Request)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"ContentFlows dev server\", charset=\"UTF-8\"";
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string? BasicPassword(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), key);
}
