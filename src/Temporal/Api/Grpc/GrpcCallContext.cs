using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>What a unary handler knows about the call it answers.</summary>
public sealed class GrpcCallContext
{
    private readonly HttpContext httpContext;
    private Dictionary<string, string>? requestHeaders;

    internal GrpcCallContext(HttpContext httpContext, string method, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        this.httpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// Gets the request metadata with lower-case names (HTTP/2 header names are lower-case on the wire).
    /// Repeated headers are joined with ","; <c>-bin</c> values stay base64 as sent.
    /// </summary>
    public IReadOnlyDictionary<string, string> RequestHeaders => requestHeaders ??= CopyHeaders(httpContext.Request.Headers);

    /// <summary>Gets the call's deadline from the <c>grpc-timeout</c> header, or null when the client set none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Gets a token cancelled when the client aborts the call or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the remote address in gRPC's form, e.g. <c>ipv4:127.0.0.1:50412</c>.</summary>
    public string Peer => FormatPeer(httpContext.Connection);

    /// <summary>Gets the full method name, <c>/{service}/{method}</c>.</summary>
    public string Method { get; }

    /// <summary>Adds a response header; only possible before the response starts, i.e. inside the handler.</summary>
    /// <param name="name">The header name; stored lower-case.</param>
    /// <param name="value">The value (ASCII; base64 for names ending in <c>-bin</c>).</param>
    /// <exception cref="InvalidOperationException">The response has already started.</exception>
    public void SetResponseHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (httpContext.Response.HasStarted)
        {
            throw new InvalidOperationException("Response headers have already been sent.");
        }

        httpContext.Response.Headers[name.ToLowerInvariant()] = value;
    }

    private static Dictionary<string, string> CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            copy[name.ToLowerInvariant()] = values.ToString();
        }

        return copy;
    }

    private static string FormatPeer(ConnectionInfo connection)
    {
        var address = connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6:[{address}]:{connection.RemotePort}"
            : $"ipv4:{address}:{connection.RemotePort}";
    }
}
