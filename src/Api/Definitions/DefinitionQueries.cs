using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Definitions;

/// <summary>Reads pipeline definitions, always within one project, so another project's ids read as missing.</summary>
internal sealed class DefinitionQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// A page of the project's definitions, every version, by name then newest version first, starting after
    /// <paramref name="after"/> (the last of the previous page) when given.
    /// </summary>
    public Task<IReadOnlyList<DefinitionResponse>> ListAsync(Guid projectId, DefinitionCursor? after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            """
            project_id = @projectId
            AND (@afterName::text IS NULL OR name > @afterName OR (name = @afterName AND version < @afterVersion))
            ORDER BY name, version DESC
            LIMIT @limit
            """,
            new { projectId, afterName = after?.Name, afterVersion = after?.Version ?? 0, limit },
            cancellationToken);

    /// <summary>
    /// One version, or when <paramref name="version"/> is null the activated one (the latest when none was activated);
    /// null when the project has no such definition.
    /// </summary>
    public async Task<DefinitionResponse?> GetAsync(Guid projectId, Guid definitionId, int? version, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            """
            project_id = @projectId AND id = @definitionId
            AND version = COALESCE(@version::int, (SELECT a.version FROM pipeline_definition_active_versions a WHERE a.definition_id = @definitionId), version)
            ORDER BY version DESC LIMIT 1
            """,
            new { projectId, definitionId, version },
            cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    private async Task<IReadOnlyList<DefinitionResponse>> QueryAsync(string whereAndOrder, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, string Name, int Version, string Stages, DateTime CreatedAt)>(new CommandDefinition(
            $"SELECT id, name, version, stages::text, created_at FROM pipeline_definitions WHERE {whereAndOrder}",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new DefinitionResponse(
            r.Id,
            r.Name,
            r.Version,
            JsonSerializer.Deserialize<List<StageDefinition>>(r.Stages, PipelineJson.Options)!,
            new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)))).ToList();
    }
}
