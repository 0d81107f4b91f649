using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Runs;

/// <summary>Reads and writes pipeline runs.</summary>
public sealed class PipelineRunStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string RunColumns =
        """
        id AS Id, project_id AS ProjectId, definition_id AS DefinitionId, definition_version AS DefinitionVersion, workflow_id AS WorkflowId,
        brief::text AS Brief, status AS Status, status_reason AS StatusReason, current_version AS CurrentVersion,
        created_at AS CreatedAt, updated_at AS UpdatedAt, cancelled_at AS CancelledAt, cancelled_by AS CancelledBy,
        closed_at AS ClosedAt, retry_of AS RetryOf, retry_from_stage AS RetryFromStage, settings_version AS SettingsVersion
        """;

    // What a retry copies from the run it retries, parents before children (research_sources references research_briefs).
    private static readonly string[] RetryCopiedTables = ["content_versions", "research_briefs", "research_sources", "extractions", "audience_personas"];

    /// <summary>
    /// Creates a run row in state Running, pinned to a definition version and to a settings version (the run's own, else
    /// the project's latest); a row with the same id is kept as it is.
    /// </summary>
    public async Task CreateAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at, retry_of, retry_from_stage, settings_version)
            VALUES (@Id, @ProjectId, @DefinitionId, @DefinitionVersion, @WorkflowId, @Brief::jsonb, @State, @Now, @Now, @RetryOf, @RetryFromStage,
                    COALESCE(@SettingsVersion, (SELECT settings_version FROM projects WHERE id = @ProjectId)))
            ON CONFLICT DO NOTHING
            """,
            new
            {
                run.Id,
                run.ProjectId,
                run.DefinitionId,
                run.DefinitionVersion,
                run.WorkflowId,
                Brief = JsonSerializer.Serialize(run.Brief, PipelineJson.Options),
                State = StateName(run.State),
                Now = now,
                run.RetryOf,
                run.RetryFromStage,
                run.SettingsVersion,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a run.</summary>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    public async Task<PipelineRun> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM pipeline_runs WHERE id = @runId",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Pipeline run {runId} does not exist.");
        return row.ToRun();
    }

    /// <summary>Reads a page of a project's runs, newest first, after <see cref="PipelineRunFilter.After"/> when set.</summary>
    public async Task<IReadOnlyList<PipelineRun>> ListAsync(PipelineRunFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filter.Limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"""
            SELECT {RunColumns} FROM pipeline_runs
            WHERE project_id = @ProjectId
              AND (@DefinitionId::uuid IS NULL OR definition_id = @DefinitionId)
              AND (@Cancelled::boolean IS NULL OR (cancelled_at IS NOT NULL OR status = 'cancelled') = @Cancelled)
              AND (@State::text IS NULL OR status = @State)
              AND (@AfterCreatedAt::timestamptz IS NULL OR (created_at, id) < (@AfterCreatedAt, @AfterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @Limit
            """,
            new
            {
                filter.ProjectId,
                filter.DefinitionId,
                filter.Cancelled,
                State = filter.State is { } state ? StateName(state) : null,
                AfterCreatedAt = filter.After?.CreatedAt.UtcDateTime,
                AfterId = filter.After?.Id ?? Guid.Empty,
                filter.Limit,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToRun()).ToList();
    }

    /// <summary>
    /// Marks a run cancelled (once: a run already marked keeps its first stamp). The workflow's own state updates after
    /// this keep the state column current but never clear the mark.
    /// </summary>
    /// <returns>Whether this call marked it.</returns>
    public async Task<bool> MarkCancelledAsync(Guid runId, string cancelledBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cancelledBy);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pipeline_runs SET cancelled_at = @now, cancelled_by = @cancelledBy, updated_at = @now WHERE id = @runId AND cancelled_at IS NULL",
            new { runId, cancelledBy, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return updated == 1;
    }

    /// <summary>Records the state the workflow decided.</summary>
    public async Task UpdateStateAsync(RunStateUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipeline_runs
            SET status = @State, status_reason = @Reason, current_version = COALESCE(@CurrentVersion, current_version), updated_at = @Now
            WHERE id = @RunId
            """,
            new { update.RunId, State = StateName(update.State), update.Reason, update.CurrentVersion, Now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated == 0)
        {
            throw new KeyNotFoundException($"Pipeline run {update.RunId} does not exist.");
        }
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> runs whose workflow may still be open and whose row has not changed since
    /// <paramref name="settledBefore"/>, the least recently reconciled first.
    /// </summary>
    public async Task<IReadOnlyList<PipelineRun>> ListOpenAsync(int limit, DateTimeOffset settledBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"""
            SELECT {RunColumns} FROM pipeline_runs
            WHERE closed_at IS NULL AND updated_at < @settledBefore
            ORDER BY reconciled_at NULLS FIRST, id
            LIMIT @limit
            """,
            new { limit, settledBefore = settledBefore.UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToRun()).ToList();
    }

    /// <summary>Notes that a run's workflow was found open now, so the next pass checks others first.</summary>
    public async Task MarkReconciledAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pipeline_runs SET reconciled_at = @now WHERE id = @runId",
            new { runId, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records how a run's workflow closed (once: a closed row keeps its first close).</summary>
    /// <returns>Whether this call closed it.</returns>
    public async Task<bool> CloseAsync(Guid runId, PipelineRunState state, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipeline_runs SET status = @State, status_reason = @reason, closed_at = @now, reconciled_at = @now, updated_at = @now
            WHERE id = @runId AND closed_at IS NULL
            """,
            new { runId, State = StateName(state), reason, now },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>The ids of the runs that retry <paramref name="runId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> ListRetriesAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM pipeline_runs WHERE retry_of = @runId ORDER BY created_at, id",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <summary>
    /// Copies what the stages before <paramref name="fromStageIndex"/> of <paramref name="originalRunId"/> stored (content
    /// versions under the same numbers, research, extractions, personas, their done stage rows) to the retry
    /// <paramref name="retryRunId"/>, in one transaction, so the retry's later stages find them under its own id.
    /// </summary>
    public async Task CopyForRetryAsync(Guid originalRunId, Guid retryRunId, int fromStageIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var tables = RetryCopiedTables.Append("pipeline_stage_runs").ToArray();
        var columns = (await connection.QueryAsync<(string Table, string Column)>(new CommandDefinition(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ANY(@tables)
            ORDER BY table_name, ordinal_position
            """,
            new { tables },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToLookup(c => c.Table, c => c.Column);
        foreach (var table in tables)
        {
            // Column names come from the catalogue, never from a caller.
            var names = columns[table].ToList();
            var list = string.Join(", ", names.Select(n => $"\"{n}\""));
            var values = string.Join(", ", names.Select(n => n == "run_id" ? "@retryRunId" : $"\"{n}\""));
            var filter = table == "pipeline_stage_runs" ? " AND stage_index < @fromStageIndex AND status = 'done'" : string.Empty;
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO \"{table}\" ({list}) SELECT {values} FROM \"{table}\" WHERE run_id = @originalRunId{filter}",
                new { originalRunId, retryRunId, fromStageIndex },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Stored as the JSON (kebab-case) name, so SQL readers and histories agree.
    private static string StateName(PipelineRunState state) => JsonSerializer.Serialize(state, PipelineJson.Options).Trim('"');

    // Dapper fills this by column alias; timestamps come back as UTC DateTime.
    private sealed class RunRow
    {
        public Guid Id { get; init; }

        public Guid ProjectId { get; init; }

        public Guid DefinitionId { get; init; }

        public int DefinitionVersion { get; init; }

        public string WorkflowId { get; init; } = string.Empty;

        public string Brief { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public string? StatusReason { get; init; }

        public int? CurrentVersion { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        public DateTime? CancelledAt { get; init; }

        public string? CancelledBy { get; init; }

        public DateTime? ClosedAt { get; init; }

        public Guid? RetryOf { get; init; }

        public int? RetryFromStage { get; init; }

        public int? SettingsVersion { get; init; }

        public PipelineRun ToRun() =>
            new(
                Id,
                ProjectId,
                DefinitionId,
                DefinitionVersion,
                WorkflowId,
                JsonSerializer.Deserialize<ContentBrief>(Brief, PipelineJson.Options)!,
                JsonSerializer.Deserialize<PipelineRunState>($"\"{Status}\"", PipelineJson.Options),
                StatusReason,
                CurrentVersion)
            {
                CreatedAt = Utc(CreatedAt),
                UpdatedAt = Utc(UpdatedAt),
                CancelledAt = CancelledAt is { } cancelledAt ? Utc(cancelledAt) : null,
                CancelledBy = CancelledBy,
                ClosedAt = ClosedAt is { } closedAt ? Utc(closedAt) : null,
                RetryOf = RetryOf,
                RetryFromStage = RetryFromStage,
                SettingsVersion = SettingsVersion,
            };

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
