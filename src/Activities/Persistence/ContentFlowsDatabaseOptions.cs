using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Persistence;

/// <summary>Where the app data lives.</summary>
public sealed partial class ContentFlowsDatabaseOptions
{
    /// <summary>Initializes a new instance with defaults; set <see cref="ConnectionString"/> before use.</summary>
    public ContentFlowsDatabaseOptions()
    {
    }

    /// <summary>Initializes a new instance with the required values.</summary>
    public ContentFlowsDatabaseOptions(string connectionString, string schema = DefaultSchema)
    {
        ConnectionString = connectionString;
        Schema = schema;
    }

    /// <summary>The schema used when none is configured.</summary>
    public const string DefaultSchema = "contentflows";

    /// <summary>Gets or sets the PostgreSQL connection string. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the schema holding the tables (tests use one each). Default "contentflows".</summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Throws naming the first bad property.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("ContentFlowsDatabaseOptions.ConnectionString is required (was empty).", nameof(ConnectionString));
        }

        // The schema is spliced into SQL as an identifier, so only plain names are allowed.
        if (!SchemaPattern().IsMatch(Schema))
        {
            throw new ArgumentException($"ContentFlowsDatabaseOptions.Schema must be a lower-case identifier (was \"{Schema}\").", nameof(Schema));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaPattern();
}
