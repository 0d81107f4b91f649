using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Projects;

/// <summary>Reads and writes projects.</summary>
public sealed class ProjectStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Creates a project.</summary>
    public async Task CreateAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var problems = project.Llm.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Project \"{project.Name}\" has invalid settings: {string.Join(" ", problems)}", nameof(project));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO projects (id, name, slug, brand_profile, quality_thresholds, llm_settings, publishing_settings, created_at)
            VALUES (@Id, @Name, @Slug, @Brand::jsonb, @Quality::jsonb, @Llm::jsonb, @Publishing::jsonb, @CreatedAt)
            """,
            new
            {
                project.Id,
                project.Name,
                project.Slug,
                Brand = JsonSerializer.Serialize(project.Brand, PipelineJson.Options),
                Quality = JsonSerializer.Serialize(project.Quality, PipelineJson.Options),
                Llm = JsonSerializer.Serialize(project.Llm, PipelineJson.Options),
                Publishing = JsonSerializer.Serialize(project.Publishing, PipelineJson.Options),
                CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a project.</summary>
    /// <exception cref="KeyNotFoundException">No such project.</exception>
    public async Task<Project> GetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, string Name, string Slug, string Brand, string Quality, string Llm, string Publishing)>(new CommandDefinition(
            "SELECT id, name, slug, brand_profile::text, quality_thresholds::text, llm_settings::text, publishing_settings::text FROM projects WHERE id = @projectId",
            new { projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var row = rows.FirstOrDefault();
        if (row.Id == Guid.Empty)
        {
            throw new KeyNotFoundException($"Project {projectId} does not exist.");
        }

        return new Project(
            row.Id,
            row.Name,
            row.Slug,
            JsonSerializer.Deserialize<BrandProfile>(row.Brand, PipelineJson.Options) ?? new BrandProfile(),
            JsonSerializer.Deserialize<QualityThresholds>(row.Quality, PipelineJson.Options) ?? new QualityThresholds(),
            JsonSerializer.Deserialize<LlmSettings>(row.Llm, PipelineJson.Options) ?? new LlmSettings())
        {
            Publishing = JsonSerializer.Deserialize<PublishingSettings>(row.Publishing, PipelineJson.Options) ?? new PublishingSettings(),
        };
    }

    /// <summary>Sets the IANA time zone the project's publication times are read in (<see cref="PublishingSettings.TimeZone"/>).</summary>
    /// <exception cref="KeyNotFoundException">No such project.</exception>
    public async Task SetTimeZoneAsync(Guid projectId, string timeZone, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE projects SET publishing_settings = jsonb_set(publishing_settings, '{timeZone}', to_jsonb(@timeZone::text)) WHERE id = @projectId",
            new { projectId, timeZone },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new KeyNotFoundException($"Project {projectId} does not exist.");
        }
    }
}
