using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Publishing;

/// <summary>Reads and writes the publication times of runs (table <c>publication_schedules</c>).</summary>
public sealed class PublicationScheduleStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Sets a channel's time (status scheduled) or, with <paramref name="publishAt"/> null, cancels it; a published channel is left as it is.</summary>
    /// <returns>False when the channel was published already.</returns>
    public async Task<bool> SetAsync(Guid projectId, Guid runId, string channel, DateTimeOffset? publishAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO publication_schedules AS s (run_id, channel, project_id, publish_at, status, updated_at)
            VALUES (@runId, @channel, @projectId, COALESCE(@publishAt, @now), @status, @now)
            ON CONFLICT (run_id, channel) DO UPDATE
                SET publish_at = COALESCE(@publishAt, s.publish_at), status = @status, updated_at = @now
                WHERE s.status <> 'published'
            """,
            new
            {
                runId,
                channel,
                projectId,
                publishAt = publishAt?.UtcDateTime,
                status = publishAt is null ? PublicationScheduleStatuses.Cancelled : PublicationScheduleStatuses.Scheduled,
                now = timeProvider.GetUtcNow().UtcDateTime,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed > 0;
    }

    /// <summary>Marks the channels a publish stage has just published.</summary>
    public async Task MarkPublishedAsync(Guid runId, IEnumerable<string> channels, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE publication_schedules SET status = 'published', updated_at = @now WHERE run_id = @runId AND channel = ANY(@channels) AND status = 'scheduled'",
            new { runId, channels = channels.ToArray(), now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Lists one run's scheduled (and cancelled, and published) channels.</summary>
    public async Task<IReadOnlyList<PublicationScheduleEntry>> ListForRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid RunId, string Channel, DateTime PublishAt, string Status)>(new CommandDefinition(
            "SELECT run_id, channel, publish_at, status FROM publication_schedules WHERE run_id = @runId ORDER BY publish_at, channel",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>Lists the scheduled (and cancelled, and published) channels of several runs at once.</summary>
    public async Task<IReadOnlyList<PublicationScheduleEntry>> ListForRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid RunId, string Channel, DateTime PublishAt, string Status)>(new CommandDefinition(
            "SELECT run_id, channel, publish_at, status FROM publication_schedules WHERE run_id = ANY(@runIds) ORDER BY publish_at, channel",
            new { runIds = runIds.ToArray() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>
    /// Lists a project's publications due in [<paramref name="from"/>, <paramref name="to"/>): scheduled ones of runs still
    /// open and published ones, optionally of one channel, by time.
    /// </summary>
    public async Task<IReadOnlyList<PublicationScheduleEntry>> ListForProjectAsync(Guid projectId, DateTimeOffset from, DateTimeOffset to, string? channel, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid RunId, string Channel, DateTime PublishAt, string Status)>(new CommandDefinition(
            """
            SELECT s.run_id, s.channel, s.publish_at, s.status
            FROM publication_schedules s
            JOIN pipeline_runs r ON r.id = s.run_id
            WHERE s.project_id = @projectId AND s.publish_at >= @from AND s.publish_at < @to
              AND (@channel::text IS NULL OR s.channel = @channel)
              AND (s.status = 'published' OR (s.status = 'scheduled' AND r.closed_at IS NULL AND r.cancelled_at IS NULL
                   AND r.status NOT IN ('rejected', 'failed', 'cancelled', 'terminated', 'timed-out', 'completed', 'published')))
            ORDER BY s.publish_at, s.channel, s.run_id
            """,
            new { projectId, from = from.UtcDateTime, to = to.UtcDateTime, channel },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToEntry).ToList();
    }

    private static PublicationScheduleEntry ToEntry((Guid RunId, string Channel, DateTime PublishAt, string Status) row) =>
        new(row.RunId, row.Channel, new DateTimeOffset(DateTime.SpecifyKind(row.PublishAt, DateTimeKind.Utc)), row.Status);
}
