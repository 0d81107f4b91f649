using System.Net;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>
/// Keeps web pages out of the UI: a request whose Host is not the UI's own address (a DNS-rebinding page reaching
/// 127.0.0.1 under its own name) is answered 421, and a state-changing request from another origin 403. Browsers
/// always send Origin on cross-origin POSTs, so a missing Origin is a non-browser client, which could use gRPC anyway.
/// </summary>
internal sealed class UiRequestGuard(IPEndPoint bound, IReadOnlyCollection<string> extraHosts)
{
    private readonly HashSet<string> hostNames = HostNamesFor(bound.Address, extraHosts);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host;
        var port = context.Connection.LocalPort;
        if (!host.HasValue || !hostNames.Contains(host.Host) || (host.Port ?? 80) != port)
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            await context.Response.WriteAsync("This UI answers only to its own address.").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && (CrossOrigin(context.Request.Headers.Origin.ToString(), host) || context.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site"))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Actions are only taken from the UI's own pages.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool CrossOrigin(string origin, HostString host) =>
        origin.Length > 0 && !string.Equals(origin, "http://" + host.Value, StringComparison.OrdinalIgnoreCase);

    private static HashSet<string> HostNamesFor(IPAddress address, IReadOnlyCollection<string> extraHosts)
    {
        var names = new HashSet<string>(extraHosts, StringComparer.OrdinalIgnoreCase);
        names.Add(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString());
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            // The names a local browser uses; a rebinding page's name is none of them.
            names.UnionWith(["localhost", "127.0.0.1", "[::1]"]);
        }

        return names;
    }
}
