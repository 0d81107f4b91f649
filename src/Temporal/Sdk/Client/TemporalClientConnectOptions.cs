namespace ContentFlows.Temporal.Client;

/// <summary>How <see cref="TemporalClient.ConnectAsync"/> reaches the server, plus the client settings.</summary>
public sealed class TemporalClientConnectOptions : TemporalClientOptions
{
    /// <summary>Initializes a new instance of the <see cref="TemporalClientConnectOptions"/> class; set <see cref="TargetHost"/>.</summary>
    public TemporalClientConnectOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemporalClientConnectOptions"/> class.</summary>
    /// <param name="targetHost">The server as <c>host:port</c>, e.g. <c>localhost:7233</c>.</param>
    public TemporalClientConnectOptions(string targetHost)
    {
        TargetHost = targetHost;
    }

    /// <summary>Gets or sets the server as <c>host:port</c>. Required.</summary>
    public string? TargetHost { get; set; }

    /// <summary>Gets or sets the TLS settings; null (default) connects over plain HTTP/2, unless <see cref="ApiKey"/> is set.</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>Gets or sets an API key sent as <c>authorization: Bearer ...</c> on every call (TLS is then on by default). Default null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets a handler replacing the HTTP handler (tests, proxies); TLS settings do not apply to it. Default null.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <inheritdoc/>
    internal override void Validate()
    {
        base.Validate();
        var target = TargetHost;
        var colon = target?.LastIndexOf(':') ?? -1;
        if (string.IsNullOrWhiteSpace(target) || colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535
            || target.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{nameof(TemporalClientConnectOptions)}.{nameof(TargetHost)} must be host:port; was '{target}'.", nameof(TargetHost));
        }

        if (ApiKey is { } key && (key.Length == 0 || key.Any(char.IsControl)))
        {
            throw new ArgumentException($"{nameof(TemporalClientConnectOptions)}.{nameof(ApiKey)} must be non-empty printable text.", nameof(ApiKey));
        }
    }
}
