using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Runs;

/// <summary>Reads and writes pipeline runs.</summary>
public sealed class PipelineRunStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Creates a run row in state Running, pinned to a definition version.</summary>
    public async Task CreateAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at)
            VALUES (@Id, @ProjectId, @DefinitionId, @DefinitionVersion, @WorkflowId, @Brief::jsonb, @State, @Now, @Now)
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
        var rows = await connection.QueryAsync<(Guid Id, Guid ProjectId, Guid DefinitionId, int DefinitionVersion, string WorkflowId, string Brief, string Status, string? StatusReason, int? CurrentVersion)>(new CommandDefinition(
            """
            SELECT id, project_id, definition_id, definition_version, workflow_id, brief::text, status, status_reason, current_version
            FROM pipeline_runs WHERE id = @runId
            """,
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var row = rows.FirstOrDefault();
        if (row.Id == Guid.Empty)
        {
            throw new KeyNotFoundException($"Pipeline run {runId} does not exist.");
        }

        return new PipelineRun(
            row.Id,
            row.ProjectId,
            row.DefinitionId,
            row.DefinitionVersion,
            row.WorkflowId,
            JsonSerializer.Deserialize<ContentBrief>(row.Brief, PipelineJson.Options)!,
            JsonSerializer.Deserialize<PipelineRunState>($"\"{row.Status}\"", PipelineJson.Options),
            row.StatusReason,
            row.CurrentVersion);
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
}
