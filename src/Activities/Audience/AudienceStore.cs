using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Audience;

/// <summary>Stores the audience stage's personas per run and stage.</summary>
public sealed class AudienceStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Stores (or, on a retry, replaces) the personas of a run's audience stage.</summary>
    public async Task SaveAsync(Guid runId, int stageIndex, AudiencePersonas personas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personas);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audience_personas (run_id, stage_index, personas, created_at) VALUES (@runId, @stageIndex, @personas::jsonb, @now)
            ON CONFLICT (run_id, stage_index) DO UPDATE SET personas = EXCLUDED.personas, created_at = EXCLUDED.created_at
            """,
            new { runId, stageIndex, personas = JsonSerializer.Serialize(personas.Personas, PipelineJson.Options), now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads the personas of the run's last audience stage; null when it has none.</summary>
    public async Task<IReadOnlyList<AudiencePersona>?> FindLatestAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var json = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT personas::text FROM audience_personas WHERE run_id = @runId ORDER BY stage_index DESC LIMIT 1",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<List<AudiencePersona>>(json, PipelineJson.Options);
    }
}
