using Temporalio.Converters;
using Temporalio.Testing;

namespace ContentFlows.Tests.Shared;

/// <summary>
/// Starts the repository's dev server the way Temporal .NET users start theirs: <see cref="WorkflowEnvironment.StartLocalAsync"/>
/// with <see cref="DevServerOptions.ExistingPath"/> pointing at the dev server's executable of the same build configuration.
/// </summary>
public static class LocalDevServer
{
    // Test assemblies start in parallel on two cores: a cold .NET start can take longer than the SDK's 5 s default.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The environment variable that picks the dev server's store for fixtures that offer PostgreSQL
    /// (<c>memory</c>, the default, or <c>postgres</c>): eng/test.sh runs the pipeline, batch and API suites on both.
    /// </summary>
    public const string StoreVariable = "CONTENTFLOWS_TEST_DEVSERVER_STORE";

    /// <summary>Gets a value indicating whether fixtures should run the dev server on the PostgreSQL store.</summary>
    public static bool UsePostgresStore => string.Equals(Environment.GetEnvironmentVariable(StoreVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the dev server executable built beside this test assembly's configuration (bin/&lt;Configuration&gt;).</summary>
    public static string ExecutablePath
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent?.Name ?? "Release";
            var root = output;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ContentFlows.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException($"No ContentFlows.sln above {AppContext.BaseDirectory}.");
            }

            var path = Path.Combine(root.FullName, "src", "Temporal", "DevServer", "bin", configuration, "net10.0", "ContentFlows.Temporal.DevServer");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The dev server is not built at {path}: build the solution (or the test project, which builds it first).");
        }
    }

    /// <summary>Starts a dev server on a free port (memory store, no UI unless asked) and connects a client to it.</summary>
    /// <param name="ui">Serves the history UI on a free port too.</param>
    /// <param name="extraArgs">More arguments for <c>server start-dev</c>, e.g. <c>--store postgres</c>.</param>
    /// <param name="dataConverter">The environment client's data converter; null: the SDK's default.</param>
    public static Task<WorkflowEnvironment> StartAsync(bool ui = false, IReadOnlyCollection<string>? extraArgs = null, DataConverter? dataConverter = null) =>
        StartCoreAsync(ui, extraArgs, dataConverter);

    /// <summary>
    /// Starts a dev server on the store <see cref="StoreVariable"/> asks for: in memory, or in <paramref name="postgresSchema"/>
    /// of the test PostgreSQL (the caller drops the schema when done).
    /// </summary>
    public static Task<WorkflowEnvironment> StartAsync(DataConverter dataConverter, string postgresConnectionString, string postgresSchema) =>
        StartCoreAsync(ui: false, UsePostgresStore ? ["--store", "postgres", "--postgres", postgresConnectionString, "--postgres-schema", postgresSchema] : null, dataConverter);

    private static Task<WorkflowEnvironment> StartCoreAsync(bool ui, IReadOnlyCollection<string>? extraArgs, DataConverter? dataConverter) =>
        WorkflowEnvironment.StartLocalAsync(new WorkflowEnvironmentStartLocalOptions
        {
            UI = ui,
            DataConverter = dataConverter ?? DataConverter.Default,
            DevServerOptions = new DevServerOptions
            {
                ExistingPath = ExecutablePath,
                StartupTimeout = StartupTimeout,
                ExtraArgs = extraArgs,
            },
        });
}
