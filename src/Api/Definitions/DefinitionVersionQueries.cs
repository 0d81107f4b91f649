using Dapper;
using Npgsql;

namespace ContentFlows.Api.Definitions;

/// <summary>A definition's versions and the activated one, always within one project.</summary>
internal sealed class DefinitionVersionQueries(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Lists the definition's versions, newest first; null when the project has no such definition.</summary>
    public async Task<DefinitionVersionList?> ListAsync(Guid projectId, Guid definitionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<(string Name, int Version, int StageCount, DateTime CreatedAt, int? ActiveVersion, string? ActivatedBy, DateTime? ActivatedAt)>(new CommandDefinition(
            """
            SELECT d.name, d.version, jsonb_array_length(d.stages), d.created_at, a.version, a.activated_by, a.activated_at
            FROM pipeline_definitions d
            LEFT JOIN pipeline_definition_active_versions a ON a.definition_id = d.id
            WHERE d.project_id = @projectId AND d.id = @definitionId
            ORDER BY d.version DESC
            """,
            new { projectId, definitionId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var active = rows[0].ActiveVersion ?? rows[0].Version;
        return new DefinitionVersionList(
            definitionId,
            rows[0].Name,
            active,
            rows[0].ActivatedBy,
            rows[0].ActivatedAt is { } at ? Utc(at) : null,
            rows.Select(r => new DefinitionVersionSummary(r.Version, r.StageCount, Utc(r.CreatedAt), r.Version == active)).ToList());
    }

    /// <summary>Makes <paramref name="version"/> the one runs, batches and schedules get when they name none; false when the project has no such version.</summary>
    public async Task<bool> ActivateAsync(Guid projectId, Guid definitionId, int version, string activatedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_definition_active_versions (definition_id, version, activated_at, activated_by)
            SELECT id, version, @now, @activatedBy FROM pipeline_definitions WHERE project_id = @projectId AND id = @definitionId AND version = @version
            ON CONFLICT (definition_id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, activated_by = excluded.activated_by
            """,
            new { projectId, definitionId, version, activatedBy, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed == 1;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
