using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Notifications;

/// <summary>
/// The notifications sent (table <c>notifications</c>): one row per notification and channel, updated by each attempt,
/// so the API lists them and a retried activity skips the channels that were delivered already.
/// </summary>
public sealed class NotificationLog(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string Columns = "notification_id, channel, event, run_id, batch_id, recipient, link, status, attempts, error, created_at, sent_at";

    /// <summary>Returns the channels of <paramref name="notificationId"/> delivered already.</summary>
    public async Task<IReadOnlySet<string>> DeliveredChannelsAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var channels = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT channel FROM notifications WHERE notification_id = @notificationId AND status = 'sent'",
            new { notificationId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return channels.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Records one attempt: delivered when its error is null, else failed with that error; a delivered channel stays delivered.</summary>
    public async Task RecordAttemptAsync(Guid projectId, NotificationRecord attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var delivered = attempt.Error is null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notifications AS n (notification_id, channel, project_id, run_id, batch_id, event, recipient, link, status, attempts, error, created_at, sent_at)
            VALUES (@NotificationId, @Channel, @projectId, @RunId, @BatchId, @Event, @Recipient, @Link, @status, 1, @Error, @now, @sentAt)
            ON CONFLICT (notification_id, channel) DO UPDATE
                SET status = excluded.status, attempts = n.attempts + 1, error = excluded.error, sent_at = excluded.sent_at, recipient = excluded.recipient
                WHERE n.status <> 'sent'
            """,
            new
            {
                attempt.NotificationId,
                attempt.Channel,
                projectId,
                attempt.RunId,
                attempt.BatchId,
                attempt.Event,
                attempt.Recipient,
                attempt.Link,
                status = delivered ? "sent" : "failed",
                attempt.Error,
                now,
                sentAt = delivered ? now : (DateTime?)null,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Lists a run's notifications, oldest first.</summary>
    public Task<IReadOnlyList<NotificationRecord>> ListForRunAsync(Guid projectId, Guid runId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {Columns} FROM notifications WHERE project_id = @projectId AND run_id = @id ORDER BY created_at, channel", projectId, runId, cancellationToken);

    /// <summary>Lists a batch's notifications, oldest first.</summary>
    public Task<IReadOnlyList<NotificationRecord>> ListForBatchAsync(Guid projectId, Guid batchId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {Columns} FROM notifications WHERE project_id = @projectId AND batch_id = @id ORDER BY created_at, channel", projectId, batchId, cancellationToken);

    private async Task<IReadOnlyList<NotificationRecord>> ListAsync(string sql, Guid projectId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid NotificationId, string Channel, string Event, Guid? RunId, Guid? BatchId, string Recipient, string Link, string Status, int Attempts, string? Error, DateTime CreatedAt, DateTime? SentAt)>(
            new CommandDefinition(sql, new { projectId, id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new NotificationRecord(
            r.NotificationId,
            r.Channel,
            r.Event,
            r.RunId,
            r.BatchId,
            r.Recipient,
            r.Link,
            r.Status,
            r.Attempts,
            r.Error,
            new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
            r.SentAt is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : null)).ToList();
    }
}
