namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>The PostgreSQL the durability tests use: CONTENTFLOWS_TEST_POSTGRES, else the one `eng/postgres.sh start` runs.</summary>
internal static class PostgresServer
{
    public const string ConnectionStringVariable = "CONTENTFLOWS_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? connectionString;

    public static async Task<string> ConnectionStringAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            connectionString ??= Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured
                ? configured
                : await StartLocalAsync().ConfigureAwait(false);
            return connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> StartLocalAsync()
    {
        string script = Path.Combine(RepositoryLayout.Root, "eng", "postgres.sh");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"Set {ConnectionStringVariable} or provide eng/postgres.sh", script);
        }

        var lines = new List<string>();
        await using ChildProcess start = ChildProcess.Start(
            "postgres.sh", "bash", [script, "start"], RepositoryLayout.Root, onStdoutLine: line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            });
        if (!await start.WaitForExitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false) || start.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/postgres.sh start failed ({start.ExitDescription()}):\n{start.LogText()}");
        }

        lock (lines)
        {
            return lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim()
                ?? throw new InvalidOperationException($"eng/postgres.sh start printed no connection string:\n{start.LogText()}");
        }
    }
}
