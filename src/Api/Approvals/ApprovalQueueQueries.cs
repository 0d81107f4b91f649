using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Approvals;

/// <summary>Reads the approval queue of one project: its runs whose workflow recorded that it waits for a reviewer.</summary>
internal sealed class ApprovalQueueQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ApprovalQueueItem>> ListAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, Guid DefinitionId, int DefinitionVersion, string Brief, string Status, string? StatusReason, int? CurrentVersion, DateTime UpdatedAt)>(new CommandDefinition(
            """
            SELECT id, definition_id, definition_version, brief::text, status, status_reason, current_version, updated_at
            FROM pipeline_runs
            WHERE project_id = @projectId AND status IN ('awaiting-approval', 'escalated')
            ORDER BY updated_at, id
            """,
            new { projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r =>
        {
            var brief = JsonSerializer.Deserialize<ContentBrief>(r.Brief, PipelineJson.Options)!;
            return new ApprovalQueueItem(
                r.Id,
                r.DefinitionId,
                r.DefinitionVersion,
                brief.Topic,
                brief.Channel,
                JsonSerializer.Deserialize<PipelineRunState>($"\"{r.Status}\"", PipelineJson.Options),
                r.StatusReason,
                r.CurrentVersion,
                new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)));
        }).ToList();
    }
}
