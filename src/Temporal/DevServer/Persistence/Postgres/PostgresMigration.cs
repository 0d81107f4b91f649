using System.Globalization;
using System.Reflection;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>One schema migration: an embedded <c>Migrations/NNNN_name.sql</c> file.</summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql)
{
    private static readonly string ResourcePrefix = typeof(PostgresMigration).Namespace + ".Migrations.";

    /// <summary>Reads the embedded migrations in version order; their versions must run 1, 2, 3, … without gaps.</summary>
    public static IReadOnlyList<PostgresMigration> LoadEmbedded()
    {
        var assembly = typeof(PostgresMigration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToList();

        // A gap or duplicate is a packaging mistake; failing here beats half-migrating a database.
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"PostgreSQL store migrations must be numbered 1..n without gaps; found version {migrations[i].Version} at position {i + 1}.");
            }
        }

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException($"No PostgreSQL store migrations are embedded (expected resources named {ResourcePrefix}NNNN_name.sql).");
        }

        return migrations;
    }

    private static PostgresMigration Read(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration resource '{resourceName}' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Migration resource '{resourceName}' cannot be opened.");
        using var reader = new StreamReader(stream);
        return new PostgresMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
