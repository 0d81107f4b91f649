using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Api.Infrastructure;
using ContentFlows.Api.Publications;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Approvals;

/// <summary>
/// Reads the approval queue of one project: its open runs whose workflow recorded that it waits for a reviewer — at an
/// approval stage, escalated, or needing review (gates still failing after the last rewrite, or a refused LLM request).
/// </summary>
internal sealed class ApprovalQueueQueries(NpgsqlDataSource dataSource, ProjectStore projects, PublicationScheduleStore publicationSchedules)
{
    public async Task<IReadOnlyList<ApprovalQueueItem>> ListAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var rows = (await ListWaitingRunsAsync(projectId, cancellationToken).ConfigureAwait(false)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        // Read after the queue's connection is given back: holding one while taking another is how a busy pool deadlocks.
        var project = await projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        var zone = ProjectLocalTime.FindZone(project.Publishing.TimeZone) ?? TimeZoneInfo.Utc;
        var scheduled = (await publicationSchedules.ListForRunsAsync(rows.Select(r => r.Id).ToList(), cancellationToken).ConfigureAwait(false))
            .Where(e => e.Status != PublicationScheduleStatuses.Cancelled)
            .ToLookup(e => e.RunId);
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
                new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)),
                r.Title,
                r.Score,
                r.GatePassed,
                r.Language ?? brief.Language,
                r.DerivedFrom,
                scheduled[r.Id].Select(e => ScheduledPublicationResponse.From(e, zone)).ToList());
        }).ToList();
    }

    private async Task<IEnumerable<(Guid Id, Guid DefinitionId, int DefinitionVersion, string Brief, string Status, string? StatusReason, int? CurrentVersion, DateTime UpdatedAt, string? Title, int? Score, bool? GatePassed, string? Language, int? DerivedFrom)>> ListWaitingRunsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync<(Guid Id, Guid DefinitionId, int DefinitionVersion, string Brief, string Status, string? StatusReason, int? CurrentVersion, DateTime UpdatedAt, string? Title, int? Score, bool? GatePassed, string? Language, int? DerivedFrom)>(new CommandDefinition(
            """
            SELECT r.id, r.definition_id, r.definition_version, r.brief::text, r.status, r.status_reason, r.current_version, r.updated_at,
                   v.fields->>'title', (v.gate_report->>'score')::int, (v.gate_report->>'passed')::boolean, v.language, v.derived_from
            FROM pipeline_runs r
            LEFT JOIN content_versions v ON v.run_id = r.id AND v.version = r.current_version
            WHERE r.project_id = @projectId AND r.status IN ('awaiting-approval', 'escalated', 'needs-review') AND r.cancelled_at IS NULL AND r.closed_at IS NULL
            ORDER BY r.updated_at, r.id
            """,
            new { projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
