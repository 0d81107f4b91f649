using ContentFlows.Activities.Hosting;
using Npgsql;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ContentFlows.Worker;

/// <summary>
/// The parts of temporal-dev.yml the worker reads: where the dev server is, the PostgreSQL it shares with it, and
/// its own <c>worker</c> section. Relative paths are relative to the file, so the stack runs from any directory.
/// </summary>
internal sealed class StackConfigFile
{
    public DevServerSection DevServer { get; set; } = new();

    public PostgresSection Postgres { get; set; } = new();

    public WorkerSection Worker { get; set; } = new();

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
            file.Directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            return file;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Builds the worker's options; <see cref="ContentPipelineWorkerOptions.Validate"/> names any bad value.</summary>
    public ContentPipelineWorkerOptions ToWorkerOptions()
    {
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = Postgres.Host,
            Port = Postgres.Port,
            Database = Postgres.Database,
            Username = Postgres.Username,
            Password = Postgres.Password,
        };
        var options = new ContentPipelineWorkerOptions(DevServer.Address ?? "127.0.0.1:7233", connection.ConnectionString)
        {
            Namespace = Worker.Namespace ?? DevServer.Namespaces?.FirstOrDefault() ?? "default",
            TaskQueue = Worker.TaskQueue ?? ContentPipelineWorkerOptions.DefaultTaskQueue,
            DatabaseSchema = Worker.DatabaseSchema ?? Activities.Persistence.ContentFlowsDatabaseOptions.DefaultSchema,
            PublishDirectory = Path.GetFullPath(Path.Combine(Directory, Worker.PublishDirectory ?? "published")),
        };
        options.Validate();
        return options;
    }

    /// <summary>The devServer section (only what the worker needs).</summary>
    internal sealed class DevServerSection
    {
        public string? Address { get; set; }

        public string? UiAddress { get; set; }

        public List<string>? Namespaces { get; set; }
    }

    /// <summary>The postgres section, shared with the dev server.</summary>
    internal sealed class PostgresSection
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 5433;

        public string Database { get; set; } = "contentflows";

        public string Username { get; set; } = "contentflows";

        public string Password { get; set; } = "contentflows";
    }

    /// <summary>The worker section.</summary>
    internal sealed class WorkerSection
    {
        public string? TaskQueue { get; set; }

        public string? Namespace { get; set; }

        public string? DatabaseSchema { get; set; }

        public string? PublishDirectory { get; set; }

        public bool OfflineFlawedFirstDrafts { get; set; }
    }
}
