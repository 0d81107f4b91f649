using System.Security.Cryptography.X509Certificates;

namespace ContentFlows.Temporal.Client;

/// <summary>TLS settings for the connection to the Temporal server.</summary>
public sealed class TlsOptions
{
    /// <summary>Initializes a new instance of the <see cref="TlsOptions"/> class: TLS with the system's trusted roots.</summary>
    public TlsOptions()
    {
    }

    /// <summary>Gets or sets a root certificate the server's chain must end in, instead of the system roots. Default null.</summary>
    public X509Certificate2? ServerRootCACertificate { get; set; }

    /// <summary>Gets or sets the client certificate (with private key) for mutual TLS. Default null.</summary>
    public X509Certificate2? ClientCertificate { get; set; }
}
