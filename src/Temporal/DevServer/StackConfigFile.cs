using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ContentFlows.Temporal.DevServer;

/// <summary>The parts of temporal-dev.yml the dev server reads: its own section and the PostgreSQL it may use.</summary>
internal sealed class StackConfigFile
{
    public DevServerSection DevServer { get; set; } = new();

    public PostgresSection Postgres { get; set; } = new();

    /// <summary>Gets the folder of the file, which relative paths in it start from.</summary>
    [YamlIgnore]
    public string Directory { get; private set; } = ".";

    public static StackConfigFile Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        try
        {
            var file = deserializer.Deserialize<StackConfigFile?>(File.ReadAllText(path)) ?? new StackConfigFile();
            file.Directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            return file;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Applies the file to options; values given on the command line win.</summary>
    public void ApplyTo(DevServerOptions options, Func<string, bool> givenOnCommandLine)
    {
        if (!givenOnCommandLine("--address") && !string.IsNullOrEmpty(DevServer.Address))
        {
            options.Address = DevServer.Address;
        }

        if (!givenOnCommandLine("--api-key") && !string.IsNullOrEmpty(DevServer.ApiKey))
        {
            options.ApiKey = DevServer.ApiKey;
        }

        if (DevServer.Tls is { } tls)
        {
            options.TlsCertPath = givenOnCommandLine("--tls-cert-path") ? options.TlsCertPath : FullPath(tls.ServerCert);
            options.TlsKeyPath = givenOnCommandLine("--tls-key-path") ? options.TlsKeyPath : FullPath(tls.ServerKey);
            options.TlsClientCaPath = givenOnCommandLine("--tls-client-ca-path") ? options.TlsClientCaPath : FullPath(tls.ClientCaCert);
        }

        foreach (var host in DevServer.UiHosts ?? [])
        {
            options.UiHosts.Add(host);
        }

        if (!givenOnCommandLine("--ui-address") && !string.IsNullOrEmpty(DevServer.UiAddress))
        {
            options.UiAddress = DevServer.UiAddress;
        }

        if (!givenOnCommandLine("--store") && !string.IsNullOrEmpty(DevServer.Store))
        {
            options.Store = Enum.TryParse<DevServerStoreKind>(DevServer.Store, ignoreCase: true, out var store)
                ? store
                : throw new ArgumentException($"devServer.store must be memory or postgres, got '{DevServer.Store}'.");
        }

        if (!givenOnCommandLine("--postgres-schema") && !string.IsNullOrEmpty(DevServer.PostgresSchema))
        {
            options.PostgresSchema = DevServer.PostgresSchema;
        }

        if (!givenOnCommandLine("--namespace") && DevServer.Namespaces is { Count: > 0 } namespaces)
        {
            options.Namespaces.Clear();
            foreach (var name in namespaces)
            {
                options.Namespaces.Add(name);
            }
        }

        if (!givenOnCommandLine("--postgres"))
        {
            options.PostgresConnectionString = $"Host={Postgres.Host};Port={Postgres.Port};Database={Postgres.Database};Username={Postgres.Username};Password={Postgres.Password}";
        }
    }

    private string? FullPath(string? path) =>
        string.IsNullOrEmpty(path) ? null : System.IO.Path.GetFullPath(path, Directory);

    /// <summary>The devServer section.</summary>
    internal sealed class DevServerSection
    {
        public string? Address { get; set; }

        public string? UiAddress { get; set; }

        public List<string>? Namespaces { get; set; }

        public string? Store { get; set; }

        public string? PostgresSchema { get; set; }

        /// <summary>Gets or sets the key both ports require; null: none (only safe on 127.0.0.1).</summary>
        public string? ApiKey { get; set; }

        /// <summary>Gets or sets host names the UI answers to besides its own address.</summary>
        public List<string>? UiHosts { get; set; }

        /// <summary>Gets or sets TLS for the gRPC port; null: plain HTTP/2.</summary>
        public TlsSection? Tls { get; set; }
    }

    /// <summary>The devServer.tls section: PEM files, relative to the config file.</summary>
    internal sealed class TlsSection
    {
        /// <summary>Gets or sets the certificate the gRPC port presents.</summary>
        public string? ServerCert { get; set; }

        /// <summary>Gets or sets the private key of <see cref="ServerCert"/>.</summary>
        public string? ServerKey { get; set; }

        /// <summary>Gets or sets the CA client certificates must be issued by (mTLS); null: no client certificates.</summary>
        public string? ClientCaCert { get; set; }
    }

    /// <summary>The postgres section.</summary>
    internal sealed class PostgresSection
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 5433;

        public string Database { get; set; } = "contentflows";

        public string Username { get; set; } = "contentflows";

        public string Password { get; set; } = "contentflows";
    }
}
