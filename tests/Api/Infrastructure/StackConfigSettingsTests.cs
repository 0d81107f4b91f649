using ContentFlows.Api.Infrastructure;
using ContentFlows.Worker;
using Microsoft.Extensions.Configuration;

namespace ContentFlows.Api.Tests.Infrastructure;

public sealed class StackConfigSettingsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("contentflows-stack-").FullName;

    [Theory]
    [InlineData("0.0.0.0:5080")]
    [InlineData("192.168.1.20:5080")]
    [InlineData("[::]:5080")]
    public void For_KeysInTheFileAndTheApiOffLoopback_RefusedNamingEachKeyAndTheEnvironmentVariable(string address)
    {
        var stack = Load(address, withKeys: true);

        var refused = Assert.Throws<ArgumentException>(() => StackConfigSettings.For(stack, Configuration()));

        Assert.Contains("api.bootstrapAdminKey", refused.Message, StringComparison.Ordinal);
        Assert.Contains("api.secretsKey", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ContentFlows__BootstrapAdminKey", refused.Message, StringComparison.Ordinal);
        Assert.Contains(address, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_KeysFromTheEnvironmentAndTheApiOffLoopback_Accepted()
    {
        var stack = Load("0.0.0.0:5080", withKeys: false);

        var settings = StackConfigSettings.For(stack, Configuration(("ContentFlows:BootstrapAdminKey", "from-env"), ("ContentFlows:SecretsKey", "from-env")));

        Assert.Equal("http://0.0.0.0:5080", settings["urls"]);
        Assert.False(settings.ContainsKey("ContentFlows:BootstrapAdminKey"));
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("localhost:5080")]
    [InlineData("[::1]:5080")]
    public void For_KeysInTheFileAndTheApiOnLoopback_Used(string address)
    {
        var settings = StackConfigSettings.For(Load(address, withKeys: true), Configuration());

        Assert.Equal("file-bootstrap-key", settings["ContentFlows:BootstrapAdminKey"]);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private StackConfigFile Load(string address, bool withKeys)
    {
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".yml");
        var keys = withKeys ? "\n  bootstrapAdminKey: file-bootstrap-key\n  secretsKey: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" : string.Empty;
        File.WriteAllText(path, $"api:\n  address: \"{address}\"{keys}\n");
        return StackConfigFile.Load(path);
    }
}
