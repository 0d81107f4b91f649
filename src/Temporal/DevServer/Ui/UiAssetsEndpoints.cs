using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>Maps the static UI: assets by path, deep links to index.html.</summary>
internal static class UiAssetsEndpoints
{
    public static void MapUiAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", static (HttpContext context, UiAssets assets) => assets.Serve(context, "/index.html"));
        app.MapGet("/{**path}", static (HttpContext context, UiAssets assets, string path) => assets.Serve(context, "/" + path));
    }
}
