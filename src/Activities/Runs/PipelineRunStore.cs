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
        created_at AS CreatedAt, updated_at AS UpdatedAt, cancelled_at AS CancelledAt, cancelled_by AS CancelledBy
        """;

    /// <summary>Creates a run row in state Running, pinned to a definition version; a row with the same id is kept as it is.</summary>
    public async Task CreateAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at)
            VALUES (@Id, @ProjectId, @DefinitionId, @DefinitionVersion, @WorkflowId, @Brief::jsonb, @State, @Now, @Now)
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
              AND (@Cancelled::boolean IS NULL OR (cancelled_at IS NOT NULL) = @Cancelled)
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
            };

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
