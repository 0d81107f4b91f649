using System.Data;
using System.Text.Json;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Content;

/// <summary>Stores drafts as numbered versions per run.</summary>
public sealed class ContentVersionStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Stores a new version, or returns the one already stored under <paramref name="sourceKey"/>, so an activity
    /// retried after a crash does not create a second version.
    /// </summary>
    /// <returns>The version number.</returns>
    public Task<int> AddAsync(Guid runId, ContentVersionKind kind, ContentFields fields, string sourceKey, CancellationToken cancellationToken) =>
        AddAsync(runId, kind, fields, new VersionLineage(null, null, null), sourceKey, cancellationToken);

    /// <summary>
    /// Stores a version made from <paramref name="basedOn"/> (a rewrite of it): it keeps that version's language and
    /// the master version a translation was made from, so a rewritten translation is still checked as one.
    /// </summary>
    public Task<int> AddBasedOnAsync(Guid runId, ContentVersionKind kind, ContentFields fields, int basedOn, string sourceKey, CancellationToken cancellationToken) =>
        AddAsync(runId, kind, fields, new VersionLineage(basedOn, null, null), sourceKey, cancellationToken);

    /// <summary>Stores a version in <paramref name="language"/> that is not a translation (the master copy a batch's translation run starts from).</summary>
    public Task<int> AddInLanguageAsync(Guid runId, ContentVersionKind kind, ContentFields fields, string language, string sourceKey, CancellationToken cancellationToken) =>
        AddAsync(runId, kind, fields, new VersionLineage(null, language, null), sourceKey, cancellationToken);

    /// <summary>Stores a translation of <paramref name="derivedFrom"/> as a new version (idempotent like the other overloads).</summary>
    public Task<int> AddTranslationAsync(Guid runId, ContentFields fields, string sourceKey, string language, int derivedFrom, CancellationToken cancellationToken) =>
        AddAsync(runId, ContentVersionKind.Translated, fields, new VersionLineage(null, language, derivedFrom), sourceKey, cancellationToken);

    /// <summary>
    /// Stores a new version inside the caller's transaction (see <see cref="AddAsync(Guid, ContentVersionKind, ContentFields, string, CancellationToken)"/>);
    /// a version <paramref name="basedOn"/> another (a reviewer's edit, a published snapshot) keeps its language and master version.
    /// </summary>
    public Task<int> AddAsync(NpgsqlConnection connection, IDbTransaction transaction, Guid runId, ContentVersionKind kind, ContentFields fields, int? basedOn, string sourceKey, CancellationToken cancellationToken) =>
        AddCoreAsync(connection, transaction, runId, kind, fields, new VersionLineage(basedOn, null, null), sourceKey, cancellationToken);

    private async Task<int> AddAsync(Guid runId, ContentVersionKind kind, ContentFields fields, VersionLineage lineage, string sourceKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var version = await AddCoreAsync(connection, transaction, runId, kind, fields, lineage, sourceKey, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    private async Task<int> AddCoreAsync(NpgsqlConnection connection, IDbTransaction transaction, Guid runId, ContentVersionKind kind, ContentFields fields, VersionLineage lineage, string sourceKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // The run row lock serialises version numbering per run.
        await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM pipeline_runs WHERE id = @runId FOR UPDATE", new { runId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var existing = await connection.QueryFirstOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT version FROM content_versions WHERE run_id = @runId AND source_key = @sourceKey",
            new { runId, sourceKey },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (existing is { } found)
        {
            return found;
        }

        // A version based on another inherits its language and master version, unless told otherwise.
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO content_versions (run_id, version, kind, fields, source_key, language, derived_from, created_at)
            SELECT @runId, COALESCE(MAX(version), 0) + 1, @kind, @fields::jsonb, @sourceKey,
                   COALESCE(@language::text, (SELECT language FROM content_versions WHERE run_id = @runId AND version = @basedOn::int)),
                   COALESCE(@derivedFrom::int, (SELECT derived_from FROM content_versions WHERE run_id = @runId AND version = @basedOn::int)),
                   @now
            FROM content_versions WHERE run_id = @runId
            RETURNING version
            """,
            new
            {
                runId,
                kind = kind.ToString().ToLowerInvariant(),
                fields = JsonSerializer.Serialize(fields, PipelineJson.Options),
                sourceKey,
                language = lineage.Language,
                derivedFrom = lineage.DerivedFrom,
                basedOn = lineage.BasedOn,
                now = timeProvider.GetUtcNow().UtcDateTime,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Attaches a gate report to a version (replacing an earlier one: the latest check is the one that counts).</summary>
    public async Task SetGateReportAsync(Guid runId, int version, QualityGateReport report, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE content_versions SET gate_report = @report::jsonb WHERE run_id = @runId AND version = @version",
            new { runId, version, report = JsonSerializer.Serialize(report, PipelineJson.Options) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads one version.</summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    public async Task<ContentVersion> GetAsync(Guid runId, int version, CancellationToken cancellationToken)
    {
        var versions = await ListAsync(runId, version, cancellationToken).ConfigureAwait(false);
        return versions.Count == 1 ? versions[0] : throw new KeyNotFoundException($"Run {runId} has no content version {version}.");
    }

    /// <summary>Reads all versions of a run, in order.</summary>
    public Task<IReadOnlyList<ContentVersion>> ListAsync(Guid runId, CancellationToken cancellationToken) => ListAsync(runId, null, cancellationToken);

    private async Task<IReadOnlyList<ContentVersion>> ListAsync(Guid runId, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int Version, string Kind, string Fields, string? GateReport, DateTime CreatedAt, string? Language, int? DerivedFrom)>(new CommandDefinition(
            """
            SELECT version, kind, fields::text, gate_report::text, created_at, language, derived_from
            FROM content_versions
            WHERE run_id = @runId AND (@version::int IS NULL OR version = @version)
            ORDER BY version
            """,
            new { runId, version },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => new ContentVersion(
            runId,
            row.Version,
            Enum.Parse<ContentVersionKind>(row.Kind, ignoreCase: true),
            JsonSerializer.Deserialize<ContentFields>(row.Fields, PipelineJson.Options)!,
            row.GateReport is null ? null : JsonSerializer.Deserialize<QualityGateReport>(row.GateReport, PipelineJson.Options),
            new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)))
        {
            Language = row.Language,
            DerivedFrom = row.DerivedFrom,
        }).ToList();
    }

    // Where a new version comes from: the version it was made from, and/or its own language and master version.
    private readonly record struct VersionLineage(int? BasedOn, string? Language, int? DerivedFrom);
}
