using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Research;

/// <summary>Stores research briefs with their source index.</summary>
public sealed class ResearchStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Stores the brief of a run's research stage, replacing one a failed earlier attempt left behind.</summary>
    public async Task SaveAsync(Guid runId, int stageIndex, ResearchBrief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM research_briefs WHERE run_id = @runId AND stage_index = @stageIndex",
            new { runId, stageIndex },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO research_briefs (run_id, stage_index, brief, score, warnings, created_at)
            VALUES (@runId, @stageIndex, @text, @score, @warnings::jsonb, @now)
            """,
            new { runId, stageIndex, text = brief.Text, score = brief.Score, warnings = JsonSerializer.Serialize(brief.Warnings, PipelineJson.Options), now = timeProvider.GetUtcNow().UtcDateTime },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var source in brief.Sources)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO research_sources (run_id, stage_index, marker, kind, location, title, status, characters, warning)
                VALUES (@runId, @stageIndex, @Marker, @kind, @Location, @Title, @status, @Characters, @Warning)
                """,
                new { runId, stageIndex, source.Marker, kind = KindName(source.Kind), source.Location, source.Title, status = source.Read ? "read" : "unreachable", source.Characters, source.Warning },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the brief of the run's last research stage; null when the run has none.</summary>
    public async Task<ResearchBrief?> FindLatestAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var brief = (await connection.QueryAsync<(int StageIndex, string Brief, int Score, string Warnings)>(new CommandDefinition(
            "SELECT stage_index, brief, score, warnings::text FROM research_briefs WHERE run_id = @runId ORDER BY stage_index DESC LIMIT 1",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (brief.Count == 0)
        {
            return null;
        }

        var sources = await connection.QueryAsync<(string Marker, string Kind, string Location, string Title, string Status, int Characters, string? Warning)>(new CommandDefinition(
            "SELECT marker, kind, location, title, status, characters, warning FROM research_sources WHERE run_id = @runId AND stage_index = @stageIndex ORDER BY length(marker), marker",
            new { runId, stageIndex = brief[0].StageIndex },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new ResearchBrief(
            brief[0].Brief,
            brief[0].Score,
            sources.Select(s => new ResearchSourceEntry(s.Marker, JsonSerializer.Deserialize<BriefSourceKind>($"\"{s.Kind}\"", PipelineJson.Options), s.Location, s.Title, s.Status == "read", s.Characters, s.Warning)).ToList(),
            JsonSerializer.Deserialize<List<string>>(brief[0].Warnings, PipelineJson.Options) ?? []);
    }

    private static string KindName(BriefSourceKind kind) => JsonSerializer.Serialize(kind, PipelineJson.Options).Trim('"');
}
