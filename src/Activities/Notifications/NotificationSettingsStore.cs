using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Notifications;

/// <summary>Reads and writes each project's notification settings (table <c>project_notification_settings</c>).</summary>
public sealed class NotificationSettingsStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Returns the project's settings, or null when it has none (nobody is notified).</summary>
    public async Task<NotificationSettings?> GetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT settings::text FROM project_notification_settings WHERE project_id = @projectId",
            new { projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<NotificationSettings>(json, PipelineJson.Options);
    }

    /// <summary>Replaces the project's settings (validated by the caller).</summary>
    public async Task SetAsync(Guid projectId, NotificationSettings settings, string updatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO project_notification_settings (project_id, settings, updated_by, updated_at)
            VALUES (@projectId, @settings::jsonb, @updatedBy, @now)
            ON CONFLICT (project_id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """,
            new { projectId, settings = JsonSerializer.Serialize(settings, PipelineJson.Options), updatedBy, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
