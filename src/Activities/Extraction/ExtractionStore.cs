using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Extraction;

/// <summary>Stores the extract stage's facts per run and stage.</summary>
public sealed class ExtractionStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Stores (or, on a retry, replaces) the facts of a run's extract stage.</summary>
    public async Task SaveAsync(Guid runId, int stageIndex, ExtractedFacts facts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO extractions (run_id, stage_index, facts, created_at) VALUES (@runId, @stageIndex, @facts::jsonb, @now)
            ON CONFLICT (run_id, stage_index) DO UPDATE SET facts = EXCLUDED.facts, created_at = EXCLUDED.created_at
            """,
            new { runId, stageIndex, facts = JsonSerializer.Serialize(facts, PipelineJson.Options), now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads the facts of the run's last extract stage; null when it has none.</summary>
    public async Task<ExtractedFacts?> FindLatestAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var json = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT facts::text FROM extractions WHERE run_id = @runId ORDER BY stage_index DESC LIMIT 1",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<ExtractedFacts>(json, PipelineJson.Options);
    }
}
