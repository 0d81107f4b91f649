using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Runs;

/// <summary>
/// Per-stage execution rows: the stage activity marks its stage running (with the attempt), done (with the outcome a
/// retry reuses) or failed (with the error); the reconciler fails the stages left running by a run that closed.
/// </summary>
public sealed class PipelineStageStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Marks a stage execution running as attempt <paramref name="attempt"/>.</summary>
    public async Task StartAsync(StageInvocation invocation, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_stage_runs (run_id, stage_index, round, stage_type, status, attempt, started_at)
            VALUES (@RunId, @StageIndex, @Round, @StageType, 'running', @attempt, @now)
            ON CONFLICT (run_id, stage_index, round) DO UPDATE
            SET status = 'running', attempt = EXCLUDED.attempt, started_at = EXCLUDED.started_at, finished_at = NULL, error = NULL
            """,
            new { invocation.RunId, invocation.StageIndex, invocation.Round, invocation.StageType, attempt, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Marks a stage execution done and keeps its outcome.</summary>
    public Task FinishAsync(StageInvocation invocation, StageOutcome outcome, CancellationToken cancellationToken) =>
        EndAsync(invocation, "done", JsonSerializer.Serialize(outcome, PipelineJson.Options), error: null, cancellationToken);

    /// <summary>Marks a stage execution failed with the error its attempt ended with.</summary>
    public Task FailAsync(StageInvocation invocation, string error, CancellationToken cancellationToken) =>
        EndAsync(invocation, "failed", outcome: null, error, cancellationToken);

    /// <summary>Fails the stage executions a closed run left running (its worker died, or the run was stopped from outside).</summary>
    public async Task FailRunningAsync(Guid runId, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pipeline_stage_runs SET status = 'failed', error = @error, finished_at = @now WHERE run_id = @runId AND status = 'running'",
            new { runId, error, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a run's stage executions in stage and round order.</summary>
    public async Task<IReadOnlyList<StageExecution>> ListAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int StageIndex, int Round, string StageType, string Status, int Attempt, DateTime StartedAt, DateTime? FinishedAt, string? Error, string? Outcome)>(new CommandDefinition(
            """
            SELECT stage_index, round, stage_type, status, attempt, started_at, finished_at, error, outcome::text
            FROM pipeline_stage_runs WHERE run_id = @runId ORDER BY stage_index, round
            """,
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new StageExecution(
            r.StageIndex,
            r.Round,
            r.StageType,
            r.Status,
            r.Attempt,
            Utc(r.StartedAt),
            r.FinishedAt is { } finished ? Utc(finished) : null,
            r.Error,
            r.Outcome is { } outcome ? JsonSerializer.Deserialize<StageOutcome>(outcome, PipelineJson.Options) : null)).ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private async Task EndAsync(StageInvocation invocation, string status, string? outcome, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipeline_stage_runs SET status = @status, outcome = @outcome::jsonb, error = @error, finished_at = @now
            WHERE run_id = @RunId AND stage_index = @StageIndex AND round = @Round
            """,
            new { invocation.RunId, invocation.StageIndex, invocation.Round, status, outcome, error, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
