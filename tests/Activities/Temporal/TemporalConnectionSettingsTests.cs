using System.Security.Cryptography.X509Certificates;
using ContentFlows.Activities.Temporal;
using ContentFlows.Temporal.InteropTests.Infrastructure;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace ContentFlows.Activities.Tests.Temporal;

/// <summary>
/// The worker's and the API's Temporal connection against a dev server that requires client certificates (mTLS), as a
/// self-hosted cluster does: the official SDK client built from these settings gets in with a certificate from the
/// server's client CA, and nobody else does.
/// </summary>
public sealed class TemporalConnectionSettingsTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("contentflows-mtls-");

    [Fact]
    public async Task ToConnectOptions_DevServerRequiringClientCertificates_OnlyACertificateFromItsClientCaGetsIn()
    {
        using var serverCa = TestCertificateAuthority.Create("ContentFlows test server CA");
        using var clientCa = TestCertificateAuthority.Create("ContentFlows test client CA");
        using var otherCa = TestCertificateAuthority.Create("Another CA");
        using var serverCertificate = serverCa.IssueServer();
        using var workerCertificate = clientCa.IssueClient("contentflows-worker");
        using var strangerCertificate = otherCa.IssueClient("contentflows-worker");
        var serverCaPath = Pem("server-ca.pem", serverCa.Certificate);
        var workerFiles = CertificateAndKey("worker", workerCertificate);
        var strangerFiles = CertificateAndKey("stranger", strangerCertificate);
        var serverFiles = CertificateAndKey("server", serverCertificate);
        string[] serverArguments =
        [
            "--tls-cert-path", serverFiles.Certificate,
            "--tls-key-path", serverFiles.Key,
            "--tls-client-ca-path", Pem("client-ca.pem", clientCa.Certificate),
        ];

        // A process of its own: the SDK's StartLocalAsync checks a started server over plain HTTP/2 only.
        await using var server = await DevServerProcess.StartAsync(new DevServerSettings(ExtraArguments: serverArguments), "devserver-mtls", TimeSpan.FromSeconds(90));
        var address = server.Address;

        var workerClient = await TemporalClient.ConnectAsync(Settings(address, serverCaPath, workerFiles).ToConnectOptions());
        var run = await workerClient.StartWorkflowAsync("MtlsProbe", [], new WorkflowOptions("mtls-probe", "nobody-polls"));
        var described = await run.DescribeAsync();
        var withoutCertificate = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAndReadAsync(Settings(address, serverCaPath, client: null).ToConnectOptions()));
        var otherCaCertificate = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAndReadAsync(Settings(address, serverCaPath, strangerFiles).ToConnectOptions()));
        var plainText = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAndReadAsync(new TemporalClientConnectOptions(address)));

        Assert.Equal(WorkflowExecutionStatus.Running, described.Status);
        Assert.Equal("MtlsProbe", described.WorkflowType);

        // Refused by the connection itself (the handshake, or no TLS at all), before any call reaches the server.
        Assert.All([withoutCertificate, otherCaCertificate, plainText], refused =>
        {
            Assert.IsType<InvalidOperationException>(refused);
            Assert.Contains("transport error", refused.Message, StringComparison.Ordinal);
        });
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static TemporalConnectionSettings Settings(string address, string serverCaPath, (string Certificate, string Key)? client) => new()
    {
        Address = address,
        Tls = new TemporalTlsSettings
        {
            ServerRootCaCertPath = serverCaPath,
            ClientCertPath = client?.Certificate,
            ClientPrivateKeyPath = client?.Key,
        },
    };

    private static async Task ConnectAndReadAsync(TemporalClientConnectOptions options)
    {
        var client = await TemporalClient.ConnectAsync(options);
        await client.Connection.WorkflowService.GetSystemInfoAsync(new());
    }

    private string Pem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(folder.FullName, name);
        TestCertificateAuthority.WritePem(certificate, path);
        return path;
    }

    private (string Certificate, string Key) CertificateAndKey(string name, X509Certificate2 certificate)
    {
        var files = (Path.Combine(folder.FullName, name + ".pem"), Path.Combine(folder.FullName, name + ".key"));
        TestCertificateAuthority.WritePem(certificate, files.Item1, files.Item2);
        return files;
    }
}
