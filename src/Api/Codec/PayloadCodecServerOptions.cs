namespace ContentFlows.Api.Codec;

/// <summary>Who may call the codec server mapped by <see cref="PayloadCodecServerEndpoints.MapPayloadCodecServer"/>; validated once, when it is mapped.</summary>
public sealed class PayloadCodecServerOptions
{
    /// <summary>Initializes a new instance of the <see cref="PayloadCodecServerOptions"/> class with the defaults.</summary>
    public PayloadCodecServerOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadCodecServerOptions"/> class with the required values.</summary>
    /// <param name="allowedOrigins">The origins of the history UIs that call the server from a browser.</param>
    public PayloadCodecServerOptions(IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        foreach (var origin in allowedOrigins)
        {
            AllowedOrigins.Add(origin);
        }
    }

    /// <summary>
    /// Gets the origins (<c>http://127.0.0.1:8233</c>, <c>https://cloud.temporal.io</c>) whose pages may call the server
    /// from a browser, credentials included (Temporal's UI can send the user's token). Default none: only non-browser
    /// callers (the CLI, other services) can use it.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Gets the namespaces the server encodes and decodes for, read from the <c>X-Namespace</c> header the UIs and the CLI
    /// send. Default none: any namespace. When set, a request for another namespace, or naming none, is refused with 403.
    /// </summary>
    public IList<string> Namespaces { get; } = [];

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.PathAndQuery != "/"
                || origin.EndsWith('/'))
            {
                throw new ArgumentException(
                    $"{nameof(PayloadCodecServerOptions)}.{nameof(AllowedOrigins)} must hold origins like 'http://127.0.0.1:8233' (scheme, host, port; no path or trailing slash); was '{origin}'.",
                    nameof(AllowedOrigins));
            }
        }

        foreach (var name in Namespaces)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"{nameof(PayloadCodecServerOptions)}.{nameof(Namespaces)} must hold namespace names; was '{name}'.", nameof(Namespaces));
            }
        }
    }
}
