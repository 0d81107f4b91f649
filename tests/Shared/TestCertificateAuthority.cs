using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ContentFlows.Tests.Shared;

/// <summary>
/// A throwaway certificate authority made in memory for one test (no key is ever committed), issuing server and client
/// certificates as an operator's CA would: ECDSA P-256, CA and end-entity constraints, the TLS key usages.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private TestCertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>Gets the CA's self-signed certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a CA named <paramref name="name"/>, valid from a week ago for two weeks (room for certificates already expired).</summary>
    public static TestCertificateAuthority Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now.AddDays(-7), now.AddDays(7)));
    }

    /// <summary>Writes a PEM certificate, and its PKCS#8 private key when a key path is given.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        if (keyPath is not null)
        {
            using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>Issues a server certificate for 127.0.0.1 and localhost.</summary>
    public X509Certificate2 IssueServer() => Issue("CN=localhost", ServerAuthentication, serverNames: true, validFrom: DateTimeOffset.UtcNow.AddHours(-1));

    /// <summary>Issues a client certificate for <paramref name="name"/>, valid from <paramref name="validFrom"/> (default an hour ago) for a day.</summary>
    public X509Certificate2 IssueClient(string name, DateTimeOffset? validFrom = null) =>
        Issue($"CN={name}", ClientAuthentication, serverNames: false, validFrom ?? DateTimeOffset.UtcNow.AddHours(-1));

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, Oid usage, bool serverNames, DateTimeOffset validFrom)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (serverNames)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        // A positive serial of 16 random bytes, as RFC 5280 asks (at most 20 octets, never negative).
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, validFrom, validFrom.AddDays(1), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
