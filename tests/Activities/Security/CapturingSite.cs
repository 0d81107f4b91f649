using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Activities.Tests.Security;

/// <summary>
/// An attacker's site on a loopback address: records every request's method, path and Authorization header and
/// answers like an empty WordPress (an empty list to lookups, a new post to creates), plus fixed pages and redirects.
/// </summary>
internal sealed class CapturingSite : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Method, string Path, string? Authorization)> requests = new();

    private CapturingSite(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<(string Method, string Path, string? Authorization)> Requests => [.. requests];

    /// <summary>Starts the site; <paramref name="pages"/> maps paths to HTML, <paramref name="redirects"/> maps paths to Location URLs.</summary>
    public static async Task<CapturingSite> StartAsync(IPAddress address, IReadOnlyDictionary<string, string>? pages = null, IReadOnlyDictionary<string, string>? redirects = null)
    {
        var app = LoopbackWebApp.Create(address);
        var site = new CapturingSite(app);
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? "/";
            site.requests.Enqueue((context.Request.Method, path, context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null));
            if (redirects?.TryGetValue(path, out var location) == true)
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = location;
                return Task.CompletedTask;
            }

            if (pages?.TryGetValue(path, out var html) == true)
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(html);
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(context.Request.Method == "GET" ? "[]" : """{"id":1,"link":"http://attacker.test/p/1"}""");
        });
        site.BaseUrl = await LoopbackWebApp.StartAsync(app);
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
