using System.Diagnostics;
using Npgsql;

namespace ContentFlows.Tests.Shared;

/// <summary>
/// A real PostgreSQL: the one named by <c>CONTENTFLOWS_TEST_POSTGRES</c>, or else the repository's own
/// (<c>eng/postgres.sh start</c>, which installs and starts it if needed) so a fresh checkout's
/// <c>dotnet test</c> works. Tests isolate themselves in schemas of their own.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "CONTENTFLOWS_TEST_POSTGRES";

    // Generous: on a fresh machine the script may first apt-get install PostgreSQL.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private NpgsqlDataSource? dataSource;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A schema name no other test uses.</summary>
    public static string NewSchemaName() => "test_" + Guid.NewGuid().ToString("N")[..20];

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        ConnectionString = string.IsNullOrWhiteSpace(configured) ? await StartRepositoryPostgresAsync() : configured;
        dataSource = NpgsqlDataSource.Create(ConnectionString);

        // Fails here, once, with a clear cause, rather than in every test.
        await using var connection = await dataSource.OpenConnectionAsync();
    }

    public async Task DropSchemaAsync(string schema)
    {
        await using var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    // The server is left running: it is shared with the next run and stopped by eng/postgres.sh stop.
    public async Task DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    private NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The fixture is not initialized.");

    private static async Task<string> StartRepositoryPostgresAsync()
    {
        var root = FindRepositoryRoot();
        var startInfo = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(root, "eng", "postgres.sh"), "start" },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start eng/postgres.sh.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"eng/postgres.sh start did not finish within {StartTimeout}: {await stderr}");
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/postgres.sh start exited with {process.ExitCode}: {await stderr}");
        }

        // The script prints the connection string as its last line.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"eng/postgres.sh start printed no connection string: {await stderr}");
    }

    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContentFlows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ContentFlows.sln above {AppContext.BaseDirectory}; set {ConnectionStringVariable} to a PostgreSQL connection string.");
    }
}
