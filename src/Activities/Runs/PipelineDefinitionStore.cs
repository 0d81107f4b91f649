using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Runs;

/// <summary>Stores pipeline definitions as immutable versions; only valid definitions are accepted.</summary>
public sealed class PipelineDefinitionStore(NpgsqlDataSource dataSource, StageTypeRegistry stageTypes, ProjectStore projects, TimeProvider timeProvider)
{
    /// <summary>
    /// Validates the stages and stores them as the next version of the project's definition called <paramref name="name"/>.
    /// </summary>
    /// <returns>The stored, pinned version.</returns>
    /// <exception cref="PipelineDefinitionRejectedException">The definition is invalid; every problem is listed.</exception>
    public async Task<PinnedPipelineDefinition> AddVersionAsync(Guid projectId, string name, IReadOnlyList<StageDefinition> stages, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(stages);
        var project = await projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        var problems = stageTypes.Validate(stages, project.Publishing);
        if (problems.Count > 0)
        {
            throw new PipelineDefinitionRejectedException(name, problems);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // One definition id across versions; a transaction-scoped lock on the name serialises version numbering.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = $"{projectId}/{name}" }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var latest = (await connection.QueryAsync<(Guid Id, int Version)>(new CommandDefinition(
            "SELECT id, version FROM pipeline_definitions WHERE project_id = @projectId AND name = @name ORDER BY version DESC LIMIT 1",
            new { projectId, name },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).FirstOrDefault();
        var id = latest.Id == Guid.Empty ? Guid.CreateVersion7(timeProvider.GetUtcNow()) : latest.Id;
        var version = latest.Version + 1;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_definitions (id, project_id, name, version, stages, created_at)
            VALUES (@id, @projectId, @name, @version, @stages::jsonb, @now)
            """,
            new { id, projectId, name, version, stages = JsonSerializer.Serialize(stages, PipelineJson.Options), now = timeProvider.GetUtcNow().UtcDateTime },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PinnedPipelineDefinition(id, name, version, stages);
    }

    /// <summary>Reads one version of a definition.</summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    public Task<PinnedPipelineDefinition> GetAsync(Guid definitionId, int version, CancellationToken cancellationToken) =>
        GetAsync(projectId: null, definitionId, version, cancellationToken);

    /// <summary>Reads one version of a project's definition; another project's reads as missing.</summary>
    /// <exception cref="KeyNotFoundException">The project has no such version.</exception>
    public async Task<PinnedPipelineDefinition> GetAsync(Guid? projectId, Guid definitionId, int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = (await connection.QueryAsync<(string Name, string Stages)>(new CommandDefinition(
            "SELECT name, stages::text FROM pipeline_definitions WHERE id = @definitionId AND version = @version AND (@projectId::uuid IS NULL OR project_id = @projectId)",
            new { definitionId, version, projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).FirstOrDefault();
        if (row.Name is null)
        {
            throw new KeyNotFoundException($"Pipeline definition {definitionId} has no version {version}.");
        }

        return new PinnedPipelineDefinition(definitionId, row.Name, version, JsonSerializer.Deserialize<List<StageDefinition>>(row.Stages, PipelineJson.Options)!);
    }
}
