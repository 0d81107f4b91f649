using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ContentFlows.Api.Infrastructure;

/// <summary>
/// A web page of the API (the reviewers' page, the console): plain HTML, CSS and ES modules embedded in the assembly,
/// so the API serves it with no build step, no CDN and nothing beside its DLL.
/// </summary>
internal sealed class StaticPageAssets
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, StaticPageAsset> assets;

    private StaticPageAssets(FrozenDictionary<string, StaticPageAsset> assets) => this.assets = assets;

    /// <summary>
    /// Reads every file embedded under <paramref name="resourcePrefix"/> ("ContentFlows.Api.Review.wwwroot/") once; paths are
    /// relative to the page ("index.html", "js/queue.js").
    /// </summary>
    public static StaticPageAssets Load(string resourcePrefix)
    {
        var assembly = typeof(StaticPageAssets).Assembly;
        var loaded = new Dictionary<string, StaticPageAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[resourcePrefix.Length..].Replace('\\', '/');
            loaded[path] = new StaticPageAsset(
                bytes,
                ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"),
                "\"" + Convert.ToHexString(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
        }

        return new StaticPageAssets(loaded.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Answers one file (404 for unknown paths), revalidated by ETag so a rebuilt API never serves stale modules.</summary>
    public IResult Serve(HttpContext context, string path)
    {
        if (!assets.TryGetValue(path, out var asset))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;

        // The page handles API keys: no framing by other sites, no inline script, no third-party origins.
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }
}
