using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Tests.Shared;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port, for the fakes of external services (LLM endpoints, webhooks,
/// WordPress, web pages) that tests talk to over the network rather than through mocked interfaces.
/// </summary>
public static class LoopbackWebApp
{
    /// <summary>Builds a quiet app listening on a free loopback port; map its routes, then <see cref="StartAsync"/>.</summary>
    /// <param name="address">The loopback address to listen on; default 127.0.0.1 (tests that need a second host use 127.0.0.2).</param>
    public static WebApplication Create(IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, 0));
        return builder.Build();
    }

    /// <summary>Starts the app and returns its base address, ending in a slash.</summary>
    public static async Task<Uri> StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(address.TrimEnd('/') + "/");
    }
}
