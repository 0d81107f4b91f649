using System.Security.Cryptography;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Worker;
using Microsoft.Extensions.Configuration;

namespace ContentFlows.Api.Tests.Infrastructure;

/// <summary>temporal-dev.yml as the worker and the API read it: the repository's own file, and a real cluster's settings.</summary>
public sealed class StackConfigFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("contentflows-stack-").FullName;

    [Fact]
    public void Load_RepositoryFile_ConnectsWorkerToTheDevServerWithoutKeysOrTls()
    {
        var stack = StackConfigFile.Load(Path.Combine(PostgresFixture.FindRepositoryRoot(), "temporal-dev.yml"));

        var worker = stack.ToWorkerOptions();

        Assert.Equal(("127.0.0.1:7233", "default"), (worker.TemporalAddress, worker.Namespace));
        Assert.Null(worker.TemporalApiKey);
        Assert.Null(worker.TemporalTls);
        Assert.Null(worker.PayloadEncryption);
    }

    [Fact]
    public void Load_TemporalSection_PointsWorkerAndApiAtTheClusterWithTlsFilesBesideTheFile()
    {
        Directory.CreateDirectory(Path.Combine(folder, "certs"));
        foreach (var file in new[] { "ca.pem", "client.pem", "client.key" })
        {
            File.WriteAllText(Path.Combine(folder, "certs", file), "-----BEGIN TEST-----");
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(folder, "temporal-dev.yml");
        File.WriteAllText(path, $"""
            devServer:
              address: 127.0.0.1:7233
              uiAddress: 127.0.0.1:8233
            temporal:
              address: prod.example:7233
              namespace: content-prod
              tls:
                serverName: prod.example
                serverRootCaCert: certs/ca.pem
                clientCert: certs/client.pem
                clientKey: certs/client.key
              encryption:
                currentKeyId: k2
                keys:
                  k2: {key}
            """);
        var stack = StackConfigFile.Load(path);

        var worker = stack.ToWorkerOptions();
        var api = StackConfigSettings.For(stack, new ConfigurationBuilder().Build());

        Assert.Equal(("prod.example:7233", "content-prod"), (worker.TemporalAddress, worker.Namespace));
        Assert.Equal(Path.Combine(folder, "certs", "client.pem"), worker.TemporalTls!.ClientCertPath);
        Assert.Equal("prod.example", worker.TemporalTls.ServerName);
        Assert.Equal("k2", worker.PayloadEncryption!.CurrentKeyId);
        Assert.Equal("prod.example:7233", api["ContentFlows:TemporalAddress"]);
        Assert.Equal(Path.Combine(folder, "certs", "ca.pem"), api["ContentFlows:TemporalTls:ServerRootCaCertPath"]);
        Assert.Equal(key, api["ContentFlows:PayloadEncryption:Keys:k2"]);
        Assert.Equal("http://127.0.0.1:8233", api["ContentFlows:CodecServerOrigins:0"]);
    }

    [Fact]
    public void ToWorkerOptions_TlsFileMissing_NamesTheFile()
    {
        var path = Path.Combine(folder, "temporal-dev.yml");
        File.WriteAllText(path, """
            temporal:
              address: prod.example:7233
              tls:
                serverRootCaCert: certs/missing.pem
            """);

        var error = Assert.Throws<ArgumentException>(() => StackConfigFile.Load(path).ToWorkerOptions());

        Assert.Contains("missing.pem", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
