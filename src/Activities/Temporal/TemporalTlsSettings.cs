namespace ContentFlows.Activities.Temporal;

/// <summary>TLS to a Temporal cluster (self-hosted with mTLS, or Temporal Cloud): files in PEM format.</summary>
public sealed class TemporalTlsSettings
{
    /// <summary>Gets or sets the server name to verify, when it differs from the address's host.</summary>
    public string? ServerName { get; set; }

    /// <summary>Gets or sets the CA certificate that signed the server's certificate; default: the system's roots.</summary>
    public string? ServerRootCaCertPath { get; set; }

    /// <summary>Gets or sets the client certificate for mTLS; needs <see cref="ClientPrivateKeyPath"/>.</summary>
    public string? ClientCertPath { get; set; }

    /// <summary>Gets or sets the client certificate's private key for mTLS.</summary>
    public string? ClientPrivateKeyPath { get; set; }
}
