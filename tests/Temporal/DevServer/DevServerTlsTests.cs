using System.Net;
using System.Security.Cryptography.X509Certificates;
using Temporalio.Client;

namespace ContentFlows.Temporal.DevServer.Tests;

/// <summary>TLS and client certificates on the gRPC port: which certificates get in, the settings' checks, the open-port warning.</summary>
public sealed class DevServerTlsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("contentflows-devserver-tls-");
    private readonly TestCertificateAuthority clientCa = TestCertificateAuthority.Create("ContentFlows test client CA");
    private readonly TestCertificateAuthority serverCa = TestCertificateAuthority.Create("ContentFlows test server CA");

    [Fact]
    public void IsIssuedByClientCa_CertificatesOfEveryKind_OnlyAValidClientCertificateOfTheClientCa()
    {
        using var otherCa = TestCertificateAuthority.Create("Another CA");
        using var worker = clientCa.IssueClient("worker");
        using var stranger = otherCa.IssueClient("worker");
        using var expired = clientCa.IssueClient("worker", validFrom: DateTimeOffset.UtcNow.AddDays(-3));
        using var serverOnly = clientCa.IssueServer();
        using var tls = DevServerTls.Load(MutualTlsOptions())!;

        Assert.True(tls.RequiresClientCertificate);
        Assert.True(tls.IsIssuedByClientCa(worker));
        Assert.False(tls.IsIssuedByClientCa(stranger));
        Assert.False(tls.IsIssuedByClientCa(expired));
        Assert.False(tls.IsIssuedByClientCa(serverOnly));

        // The CA's own self-signed certificate is an authority, not a client.
        Assert.False(tls.IsIssuedByClientCa(otherCa.Certificate));
    }

    [Fact]
    public async Task StartAsync_ServerCertificateOnly_ServesTlsWithoutAskingForClientCertificates()
    {
        var options = MutualTlsOptions();
        options.TlsClientCaPath = null;
        await using var host = await DevServerHost.StartAsync(options);

        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Address)
        {
            Tls = new TlsOptions { ServerRootCACert = await File.ReadAllBytesAsync(Pem("server-ca.pem", serverCa.Certificate)) },
        });
        var info = await client.Connection.WorkflowService.GetSystemInfoAsync(new());

        Assert.Equal("https", host.Uri.Scheme);
        Assert.NotNull(info.Capabilities);
    }

    [Theory]
    [InlineData(true, false, true, nameof(DevServerOptions.TlsKeyPath))]
    [InlineData(false, true, true, nameof(DevServerOptions.TlsCertPath))]
    [InlineData(false, false, true, nameof(DevServerOptions.TlsClientCaPath))]
    public void Validate_IncompleteTlsSettings_NamesTheMissingOne(bool certificate, bool key, bool clientCa, string missing)
    {
        var complete = MutualTlsOptions();
        var options = new DevServerOptions("127.0.0.1:0")
        {
            TlsCertPath = certificate ? complete.TlsCertPath : null,
            TlsKeyPath = key ? complete.TlsKeyPath : null,
            TlsClientCaPath = clientCa ? complete.TlsClientCaPath : null,
        };

        var refused = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Equal(missing, refused.ParamName);
    }

    [Fact]
    public void Validate_ClientCaFileAbsent_NamesThePath()
    {
        var options = MutualTlsOptions();
        options.TlsClientCaPath = Path.Combine(folder.FullName, "absent.pem");

        var refused = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Equal(nameof(DevServerOptions.TlsClientCaPath), refused.ParamName);
        Assert.Contains("absent.pem", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyTo_ConfigFileTlsSection_PathsRelativeToTheFileAndFlagsWin()
    {
        var config = Path.Combine(folder.FullName, "temporal-dev.yml");
        File.WriteAllText(config, "devServer:\n  tls:\n    serverCert: certs/server.pem\n    serverKey: certs/server.key\n    clientCaCert: certs/client-ca.pem\n");
        var fromFile = new DevServerOptions();
        var flagGiven = new DevServerOptions { TlsClientCaPath = "/etc/flag-ca.pem" };

        StackConfigFile.Load(config).ApplyTo(fromFile, _ => false);
        StackConfigFile.Load(config).ApplyTo(flagGiven, flag => flag == "--tls-client-ca-path");

        Assert.Equal(Path.Combine(folder.FullName, "certs", "server.pem"), fromFile.TlsCertPath);
        Assert.Equal(Path.Combine(folder.FullName, "certs", "server.key"), fromFile.TlsKeyPath);
        Assert.Equal(Path.Combine(folder.FullName, "certs", "client-ca.pem"), fromFile.TlsClientCaPath);
        Assert.Equal("/etc/flag-ca.pem", flagGiven.TlsClientCaPath);
    }

    [Fact]
    public async Task Program_OffLoopback_WarnsOfTheGrpcPortUnlessClientCertificatesAreRequired()
    {
        var mutual = MutualTlsOptions();
        string[] open = ["--address", "0.0.0.0:0", "--ui-address", "0.0.0.0:0"];
        using var plain = await DevServerProcess.StartAsync(Deadline, open);
        using var withMtls = await DevServerProcess.StartAsync(Deadline, [.. open, "--tls-cert-path", mutual.TlsCertPath!, "--tls-key-path", mutual.TlsKeyPath!, "--tls-client-ca-path", mutual.TlsClientCaPath!]);

        // The UI's warning comes after the gRPC port's, on the same stream: once it is read, the gRPC one was said or never will be.
        var plainWarnings = await plain.ErrorLinesThroughAsync("history UI listens on", Deadline);
        var mtlsWarnings = await withMtls.ErrorLinesThroughAsync("history UI listens on", Deadline);

        Assert.Contains(plainWarnings, line => line.Contains("gRPC port listens on 0.0.0.0", StringComparison.Ordinal));
        Assert.DoesNotContain(mtlsWarnings, line => line.Contains("gRPC port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0", false, true)]
    [InlineData("0.0.0.0", true, false)]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("::1", false, false)]
    public void OpenPortWarning_Address_WarnsOnlyOffLoopbackWithoutAuthentication(string address, bool authenticated, bool warns)
    {
        var warning = DevServerAccess.OpenPortWarning(new IPEndPoint(IPAddress.Parse(address), 7233), "gRPC port", authenticated, "devServer.apiKey");

        Assert.Equal(warns, warning is not null);
    }

    public void Dispose()
    {
        clientCa.Dispose();
        serverCa.Dispose();
        folder.Delete(recursive: true);
    }

    private DevServerOptions MutualTlsOptions()
    {
        using var server = serverCa.IssueServer();
        var certificate = Path.Combine(folder.FullName, "server.pem");
        var key = Path.Combine(folder.FullName, "server.key");
        TestCertificateAuthority.WritePem(server, certificate, key);
        return new DevServerOptions("127.0.0.1:0") { UiAddress = "off", TlsCertPath = certificate, TlsKeyPath = key, TlsClientCaPath = Pem("client-ca.pem", clientCa.Certificate) };
    }

    private string Pem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(folder.FullName, name);
        TestCertificateAuthority.WritePem(certificate, path);
        return path;
    }
}
