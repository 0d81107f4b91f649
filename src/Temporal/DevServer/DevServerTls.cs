using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// TLS on the gRPC port, as a self-hosted Temporal frontend does it: the server presents its certificate, and with a
/// client CA every connection must present a certificate issued by that CA (mTLS), checked against that CA alone —
/// never the machine's roots, which would let any publicly issued certificate in.
/// </summary>
internal sealed class DevServerTls : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2 serverCertificate;
    private readonly X509Certificate2Collection clientAuthorities;

    private DevServerTls(X509Certificate2 serverCertificate, X509Certificate2Collection clientAuthorities)
    {
        this.serverCertificate = serverCertificate;
        this.clientAuthorities = clientAuthorities;
    }

    /// <summary>Gets a value indicating whether connections must present a client certificate from the client CA.</summary>
    public bool RequiresClientCertificate => clientAuthorities.Count > 0;

    /// <summary>Reads the PEM files the options name; null when the options ask for no TLS.</summary>
    public static DevServerTls? Load(DevServerOptions options)
    {
        if (options.TlsCertPath is null || options.TlsKeyPath is null)
        {
            return null;
        }

        var certificate = X509Certificate2.CreateFromPemFile(options.TlsCertPath, options.TlsKeyPath);
        var authorities = new X509Certificate2Collection();
        if (options.TlsClientCaPath is { } caPath)
        {
            authorities.ImportFromPemFile(caPath);
            if (authorities.Count == 0)
            {
                certificate.Dispose();
                throw new ArgumentException($"DevServerOptions.TlsClientCaPath holds no PEM certificate: '{caPath}'.", nameof(options));
            }
        }

        return new DevServerTls(certificate, authorities);
    }

    /// <summary>Turns TLS (and client certificates, with a client CA) on for one Kestrel endpoint.</summary>
    public void Apply(ListenOptions listen) => listen.UseHttps(https =>
    {
        https.ServerCertificate = serverCertificate;
        if (RequiresClientCertificate)
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => IsIssuedByClientCa(certificate);
        }
    });

    /// <summary>Whether the client certificate chains to the client CA, is in its validity period and may authenticate clients.</summary>
    public bool IsIssuedByClientCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(clientAuthorities);

        // A dev server has no CRL or OCSP to ask; the operator removes a client by replacing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        serverCertificate.Dispose();
        foreach (var authority in clientAuthorities)
        {
            authority.Dispose();
        }
    }
}
