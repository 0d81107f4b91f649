using System.Text.Json;
using ContentFlows.Activities.Content;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Approvals;

/// <summary>Audits approval decisions; an edit also stores the reviewer's text as a new version, in the same transaction.</summary>
public sealed class ApprovalStore(NpgsqlDataSource dataSource, ContentVersionStore versions, TimeProvider timeProvider)
{
    /// <summary>Records a decision once per run, approval stage and review round; a retry returns the first record.</summary>
    public async Task<ApprovalRecorded> RecordAsync(ApprovalRecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The reviewed version is read before a connection is held: nested pooled connections deadlock a busy pool.
        var before = request.Decision.Decision == ApprovalDecisionKind.Edit && request.ReviewedVersion is { } reviewed
            ? (await versions.GetAsync(request.RunId, reviewed, cancellationToken).ConfigureAwait(false)).Fields
            : null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = (await connection.QueryAsync<(Guid Id, int? ResultingVersion)>(new CommandDefinition(
            "SELECT id, resulting_version FROM approvals WHERE run_id = @RunId AND stage_index = @StageIndex AND round = @Round",
            new { request.RunId, request.StageIndex, request.Round },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).FirstOrDefault();
        if (existing.Id != Guid.Empty)
        {
            return new ApprovalRecorded(existing.Id, existing.ResultingVersion);
        }

        var decision = request.Decision;
        var resulting = request.ReviewedVersion;
        string? diff = null;
        if (decision.Decision == ApprovalDecisionKind.Edit && decision.EditedContent is { } edited)
        {
            diff = JsonSerializer.Serialize(FieldDiff.Between(before, edited), PipelineJson.Options);
            resulting = await versions.AddAsync(connection, transaction, request.RunId, ContentVersionKind.Edited, edited, request.ReviewedVersion, request.Round == 0 ? $"approval:{request.StageIndex}" : $"review:{request.StageIndex}:{request.Round}", cancellationToken).ConfigureAwait(false);
        }

        var id = Guid.CreateVersion7(timeProvider.GetUtcNow());
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO approvals (id, run_id, stage_index, round, reviewed_version, resulting_version, reviewer, decision, reason, diff, decided_at)
            VALUES (@id, @RunId, @StageIndex, @Round, @ReviewedVersion, @resulting, @reviewer, @decision, @reason, @diff::jsonb, @now)
            """,
            new
            {
                id,
                request.RunId,
                request.StageIndex,
                request.Round,
                request.ReviewedVersion,
                resulting,
                reviewer = decision.Reviewer,
                decision = decision.Decision.ToString().ToLowerInvariant(),
                reason = decision.Reason,
                diff,
                now = timeProvider.GetUtcNow().UtcDateTime,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ApprovalRecorded(id, resulting);
    }

    /// <summary>The stage indexes of a run that a decision was recorded for.</summary>
    public async Task<IReadOnlySet<int>> ListDecidedStagesAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT DISTINCT stage_index FROM approvals WHERE run_id = @runId",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();
    }

    /// <summary>Reads a run's approvals in order.</summary>
    public async Task<IReadOnlyList<ApprovalAuditEntry>> ListAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Reviewer, string Decision, string? Reason, int? ReviewedVersion, int? ResultingVersion, string? Diff, DateTime DecidedAt)>(new CommandDefinition(
            "SELECT reviewer, decision, reason, reviewed_version, resulting_version, diff::text, decided_at FROM approvals WHERE run_id = @runId ORDER BY decided_at, stage_index, round",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new ApprovalAuditEntry(
            r.Reviewer,
            Enum.Parse<ApprovalDecisionKind>(r.Decision, ignoreCase: true),
            r.Reason,
            r.ReviewedVersion,
            r.ResultingVersion,
            r.Diff,
            new DateTimeOffset(DateTime.SpecifyKind(r.DecidedAt, DateTimeKind.Utc)))).ToList();
    }
}
