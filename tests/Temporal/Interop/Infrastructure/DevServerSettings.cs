namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>Command-line settings of one dev server process.</summary>
/// <param name="Address">host:port to listen on; port 0 lets the server pick a free one.</param>
/// <param name="Store">"memory" or "postgres".</param>
/// <param name="PostgresConnectionString">Npgsql connection string, for the postgres store.</param>
/// <param name="PostgresSchema">Schema holding the server's tables, for the postgres store.</param>
/// <param name="ExtraArguments">More arguments, e.g. the TLS certificate files.</param>
internal sealed record DevServerSettings(
    string Address = "127.0.0.1:0",
    string Store = "memory",
    string? PostgresConnectionString = null,
    string? PostgresSchema = null,
    IReadOnlyList<string>? ExtraArguments = null)
{
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new List<string> { "--address", Address, "--store", Store };
        if (PostgresConnectionString is not null)
        {
            arguments.AddRange(["--postgres", PostgresConnectionString]);
        }

        if (PostgresSchema is not null)
        {
            arguments.AddRange(["--postgres-schema", PostgresSchema]);
        }

        arguments.AddRange(ExtraArguments ?? []);

        return arguments;
    }
}
