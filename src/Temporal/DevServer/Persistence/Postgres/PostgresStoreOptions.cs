using System.Text.RegularExpressions;
using Npgsql;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>Where and how <see cref="PostgresServerStore"/> keeps the dev server's state; validated once, by the store.</summary>
internal sealed partial class PostgresStoreOptions
{
    /// <summary>The schema used when none is configured.</summary>
    public const string DefaultSchema = "temporal_dev";

    /// <summary>Initializes a new instance of the <see cref="PostgresStoreOptions"/> class; set <see cref="ConnectionString"/> before use.</summary>
    public PostgresStoreOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgresStoreOptions"/> class with the required connection string.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresStoreOptions(string connectionString)
    {
        ConnectionString = connectionString;
    }

    /// <summary>Gets or sets the Npgsql connection string. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the schema that holds the store's tables, so the application's own tables can share the
    /// database. Default <c>temporal_dev</c>. A lower-case identifier: letters, digits and <c>_</c>, at most
    /// 63 characters, not starting with a digit or <c>pg_</c>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Throws naming the first invalid property and its value.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{nameof(PostgresStoreOptions)}.{nameof(ConnectionString)} is required; was '{ConnectionString}'.", nameof(ConnectionString));
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The value itself is left out of the message: it usually carries a password.
            throw new ArgumentException($"{nameof(PostgresStoreOptions)}.{nameof(ConnectionString)} is not a valid Npgsql connection string (value withheld, it may hold a password): {ex.Message}", nameof(ConnectionString), ex);
        }

        // The schema is spliced into SQL as a quoted identifier, so only a plain identifier is accepted.
        if (Schema is null || !SchemaPattern().IsMatch(Schema) || Schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{nameof(PostgresStoreOptions)}.{nameof(Schema)} must be a lower-case identifier (a-z, 0-9, _; at most 63 characters; not starting with a digit or 'pg_'); was '{Schema}'.", nameof(Schema));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
