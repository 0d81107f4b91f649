using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Feeds;

/// <summary>Remembers which feed items a project's runs took, and stores each run's collection for its digest.</summary>
public sealed class FeedItemStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Claims the items no other run of the project took (an item this run took on an earlier attempt counts as its
    /// own) and stores them with the warnings as the run's collection; returns the collection.
    /// </summary>
    public async Task<FeedCollection> ClaimAsync(Guid projectId, Guid runId, int stageIndex, IReadOnlyList<FeedItem> candidates, IReadOnlyList<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(warnings);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var keys = candidates.Select(c => c.Key).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO feed_items_seen (project_id, item_key, first_run_id, seen_at)
            SELECT @projectId, key, @runId, @now FROM unnest(@keys) AS key
            ON CONFLICT DO NOTHING
            """,
            new { projectId, runId, now, keys },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var mine = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT item_key FROM feed_items_seen WHERE project_id = @projectId AND first_run_id = @runId AND item_key = ANY(@keys)",
            new { projectId, runId, keys },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var collection = new FeedCollection(candidates.Where(c => mine.Contains(c.Key)).ToList(), warnings);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO run_feed_items (run_id, stage_index, items, warnings, created_at)
            VALUES (@runId, @stageIndex, @items::jsonb, @warnings::jsonb, @now)
            ON CONFLICT (run_id, stage_index) DO UPDATE SET items = excluded.items, warnings = excluded.warnings
            """,
            new { runId, stageIndex, items = JsonSerializer.Serialize(collection.Items, PipelineJson.Options), warnings = JsonSerializer.Serialize(collection.Warnings, PipelineJson.Options), now },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return collection;
    }

    /// <summary>Reads the collection of the run's last feeds stage; null when it has none.</summary>
    public async Task<FeedCollection?> FindLatestAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = (await connection.QueryAsync<(string Items, string Warnings)>(new CommandDefinition(
            "SELECT items::text, warnings::text FROM run_feed_items WHERE run_id = @runId ORDER BY stage_index DESC LIMIT 1",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        return row.Count == 0
            ? null
            : new FeedCollection(
                JsonSerializer.Deserialize<List<FeedItem>>(row[0].Items, PipelineJson.Options)!,
                JsonSerializer.Deserialize<List<string>>(row[0].Warnings, PipelineJson.Options)!);
    }
}
