using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Temporal.DevServer.Ui;

/// <summary>
/// The UI's static files, embedded in the assembly so the server needs nothing beside its DLL.
/// Any other GET outside /api is a deep link into the single-page app and answers index.html.
/// </summary>
internal sealed class UiAssets
{
    private const string ResourcePrefix = "ContentFlows.Temporal.DevServer.Ui.wwwroot/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _assets;

    private UiAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    public static UiAssets Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = "/" + name[ResourcePrefix.Length..].Replace('\\', '/');
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            assets[path] = new Asset(bytes, type, "\"" + Convert.ToHexString(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
        }

        return new UiAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public bool TryGet(string path, out Asset asset) => _assets.TryGetValue(path, out asset!);

    public IResult Serve(HttpContext context, string path)
    {
        if (!TryGet(path, out var asset) && (path.StartsWith("/api/", StringComparison.Ordinal) || Path.HasExtension(path) || !TryGet("/index.html", out asset)))
        {
            return TypedResults.NotFound();
        }

        // Revalidate every time: assets are tiny and a rebuilt server must never serve stale modules.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>One embedded file.</summary>
    internal sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
