using ContentFlows.Activities.Encryption;
using ContentFlows.Workflows;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Common.EnvConfig;

namespace ContentFlows.Activities.Temporal;

/// <summary>
/// Where the worker and the API reach Temporal: the dev server locally, a real cluster (self-hosted or Temporal Cloud)
/// in production — by configuration only. Temporal's own environment variables (<c>TEMPORAL_ADDRESS</c>,
/// <c>TEMPORAL_NAMESPACE</c>, <c>TEMPORAL_API_KEY</c>, <c>TEMPORAL_TLS_*</c>), as every Temporal SDK and the CLI read
/// them, win over the configured values.
/// </summary>
public sealed class TemporalConnectionSettings
{
    /// <summary>Gets or sets the frontend as host:port. Default "127.0.0.1:7233" (the dev server).</summary>
    public string Address { get; set; } = "127.0.0.1:7233";

    /// <summary>Gets or sets the namespace. Default "default".</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Gets or sets an API key (Temporal Cloud); sent as a bearer token over TLS.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets TLS settings; null connects in plain text unless an API key asks for TLS.</summary>
    public TemporalTlsSettings? Tls { get; set; }

    /// <summary>Gets or sets the key ring payloads are encrypted with (AES-256-GCM); null stores payloads in plain JSON.</summary>
    public PayloadEncryptionOptions? Encryption { get; set; }

    /// <summary>Builds the data converter every client and worker of ContentFlows workflows uses.</summary>
    public DataConverter DataConverter() => ContentFlowsDataConverter.With(Encryption is { } keys ? new AesGcmPayloadCodec(keys) : null);

    /// <summary>Throws naming the first bad setting (never echoing a key).</summary>
    public void Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Address) || !Address.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{prefix}TemporalAddress must be host:port (was \"{Address}\").", nameof(Address));
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            throw new ArgumentException($"{prefix}Namespace is required (was empty).", nameof(Namespace));
        }

        Encryption?.Validate();
        if (Tls is { } tls)
        {
            if ((tls.ClientCertPath is null) != (tls.ClientPrivateKeyPath is null))
            {
                throw new ArgumentException($"{prefix}TemporalTls needs both ClientCertPath and ClientPrivateKeyPath for mTLS, or neither.", nameof(Tls));
            }

            foreach (var path in new[] { tls.ServerRootCaCertPath, tls.ClientCertPath, tls.ClientPrivateKeyPath })
            {
                if (path is not null && !File.Exists(path))
                {
                    throw new ArgumentException($"{prefix}TemporalTls names a file that does not exist: \"{path}\".", nameof(Tls));
                }
            }
        }
    }

    /// <summary>Builds the official client's connect options: these settings, then Temporal's environment variables.</summary>
    public TemporalClientConnectOptions ToConnectOptions()
    {
        var options = new TemporalClientConnectOptions(Address)
        {
            Namespace = Namespace,
            ApiKey = string.IsNullOrEmpty(ApiKey) ? null : ApiKey,
            Tls = Tls is { } tls
                ? new TlsOptions
                {
                    Domain = tls.ServerName,
                    ServerRootCACert = tls.ServerRootCaCertPath is { } ca ? File.ReadAllBytes(ca) : null,
                    ClientCert = tls.ClientCertPath is { } cert ? File.ReadAllBytes(cert) : null,
                    ClientPrivateKey = tls.ClientPrivateKeyPath is { } key ? File.ReadAllBytes(key) : null,
                }
                : null,
        };
        if (options.ApiKey is not null && options.Tls is null)
        {
            // An API key travels only over TLS, as Temporal Cloud requires.
            options.Tls = new TlsOptions();
        }

        var environment = ClientEnvConfig.LoadClientConnectOptions(new ClientEnvConfig.ProfileLoadOptions { DisableFile = true });
        if (environment.TargetHost is { } address)
        {
            options.TargetHost = address;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE")))
        {
            options.Namespace = environment.Namespace;
        }

        options.ApiKey = environment.ApiKey ?? options.ApiKey;
        options.Tls = environment.Tls ?? options.Tls;
        return options;
    }
}
