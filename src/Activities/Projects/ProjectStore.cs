using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Projects;

/// <summary>
/// Reads and writes projects and their settings versions: the projects row holds the latest settings, every version is
/// kept (who, when, what changed), and a run reads the version it pinned.
/// </summary>
public sealed class ProjectStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Who version 1 is credited to when the creator is not named.</summary>
    public const string CreationAuthor = "project creation";

    private const string VersionColumns =
        "project_id AS ProjectId, version AS Version, changed_by AS ChangedBy, changed_at AS ChangedAt, changed_paths AS ChangedPaths, settings::text AS Settings";

    /// <summary>Creates a project with its settings as version 1.</summary>
    public async Task CreateAsync(Project project, CancellationToken cancellationToken, string createdBy = CreationAuthor)
    {
        ArgumentNullException.ThrowIfNull(project);
        var problems = project.Settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Project \"{project.Name}\" has invalid settings: {string.Join(" ", problems.Select(p => $"{p.Field}: {p.Problem}"))}", nameof(project));
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO projects (id, name, slug, brand_profile, quality_thresholds, llm_settings, publishing_settings, created_at, settings_version)
            VALUES (@Id, @Name, @Slug, @Brand::jsonb, @Quality::jsonb, @Llm::jsonb, @Publishing::jsonb, @CreatedAt, 1)
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
                CreatedAt = now,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await InsertVersionAsync(connection, transaction, project.Id, 1, project.Settings, createdBy, null, now, [], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a project with its latest settings.</summary>
    /// <exception cref="KeyNotFoundException">No such project.</exception>
    public async Task<Project> GetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, string Name, string Slug, string Brand, string Quality, string Llm, string Publishing, int SettingsVersion)>(new CommandDefinition(
            "SELECT id, name, slug, brand_profile::text, quality_thresholds::text, llm_settings::text, publishing_settings::text, settings_version FROM projects WHERE id = @projectId",
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
            SettingsVersion = row.SettingsVersion,
        };
    }

    /// <summary>Reads a project with the settings of <paramref name="settingsVersion"/>; the latest when null (a run from before versions).</summary>
    /// <exception cref="KeyNotFoundException">No such project or version.</exception>
    public async Task<Project> GetAsync(Guid projectId, int? settingsVersion, CancellationToken cancellationToken)
    {
        var latest = await GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        if (settingsVersion is not { } version || version == latest.SettingsVersion)
        {
            return latest;
        }

        var pinned = await GetVersionAsync(projectId, version, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Project {projectId} has no settings version {version}.");
        return latest with
        {
            Brand = pinned.Settings.Brand,
            Quality = pinned.Settings.Quality,
            Llm = pinned.Settings.Llm,
            Publishing = pinned.Settings.Publishing,
            SettingsVersion = version,
        };
    }

    /// <summary>Reads one settings version; null when the project has no such version.</summary>
    public async Task<ProjectSettingsVersion?> GetVersionAsync(Guid projectId, int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"SELECT {VersionColumns} FROM project_settings_versions WHERE project_id = @projectId AND version = @version",
            new { projectId, version },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToVersion();
    }

    /// <summary>Lists a project's settings versions, newest first.</summary>
    public async Task<IReadOnlyList<ProjectSettingsVersion>> ListVersionsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {VersionColumns} FROM project_settings_versions WHERE project_id = @projectId ORDER BY version DESC",
            new { projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToVersion()).ToList();
    }

    /// <summary>
    /// Stores <paramref name="settings"/> as the next version (and as the project's latest), crediting
    /// <paramref name="changedBy"/>; settings equal to the latest store nothing and return the latest.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="settings">The complete new settings, already validated.</param>
    /// <param name="expectedVersion">The version the change was based on; null to apply it to whatever is latest.</param>
    /// <param name="changedBy">Who changes them (the API key's name).</param>
    /// <param name="changedByKey">The API key's id; null when not changed through a key.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <exception cref="ProjectSettingsConflictException"><paramref name="expectedVersion"/> is not the latest.</exception>
    public async Task<ProjectSettingsVersion> UpdateSettingsAsync(Guid projectId, ProjectSettings settings, int? expectedVersion, string changedBy, Guid? changedByKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The row lock orders concurrent changes: each one is based on the version the previous one wrote.
        var latest = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT settings_version FROM projects WHERE id = @projectId FOR UPDATE",
            new { projectId },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Project {projectId} does not exist.");
        if (expectedVersion is { } expected && expected != latest)
        {
            throw new ProjectSettingsConflictException(expected, latest);
        }

        var current = await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT settings::text FROM project_settings_versions WHERE project_id = @projectId AND version = @latest",
            new { projectId, latest },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var changed = SettingsDiff.Between(System.Text.Json.Nodes.JsonNode.Parse(current), SettingsDiff.ToNode(settings)).Select(c => c.Path).ToList();
        if (changed.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return (await GetVersionAsync(projectId, latest, cancellationToken).ConfigureAwait(false))!;
        }

        var version = latest + 1;
        await InsertVersionAsync(connection, transaction, projectId, version, settings, changedBy, changedByKey, now, changed, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE projects
            SET brand_profile = @Brand::jsonb, quality_thresholds = @Quality::jsonb, llm_settings = @Llm::jsonb, publishing_settings = @Publishing::jsonb, settings_version = @version
            WHERE id = @projectId
            """,
            new
            {
                projectId,
                version,
                Brand = JsonSerializer.Serialize(settings.Brand, PipelineJson.Options),
                Quality = JsonSerializer.Serialize(settings.Quality, PipelineJson.Options),
                Llm = JsonSerializer.Serialize(settings.Llm, PipelineJson.Options),
                Publishing = JsonSerializer.Serialize(settings.Publishing, PipelineJson.Options),
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ProjectSettingsVersion(projectId, version, settings, changedBy, new DateTimeOffset(now, TimeSpan.Zero), changed);
    }

    private static Task InsertVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid projectId, int version, ProjectSettings settings, string changedBy, Guid? changedByKey, DateTime now, IReadOnlyList<string> changedPaths, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO project_settings_versions (project_id, version, settings, changed_by, changed_by_key, changed_at, changed_paths)
            VALUES (@projectId, @version, @settings::jsonb, @changedBy, @changedByKey, @now, @changedPaths)
            """,
            new { projectId, version, settings = JsonSerializer.Serialize(settings, PipelineJson.Options), changedBy, changedByKey, now, changedPaths = changedPaths.ToArray() },
            transaction,
            cancellationToken: cancellationToken));

    // Properties, not a constructor: Npgsql reports text[] columns as Array, which Dapper's constructor matching refuses.
    private sealed class VersionRow
    {
        public Guid ProjectId { get; init; }

        public int Version { get; init; }

        public string ChangedBy { get; init; } = string.Empty;

        public DateTime ChangedAt { get; init; }

        public string[] ChangedPaths { get; init; } = [];

        public string Settings { get; init; } = string.Empty;

        public ProjectSettingsVersion ToVersion() => new(
            ProjectId,
            Version,
            JsonSerializer.Deserialize<ProjectSettings>(Settings, PipelineJson.Options)!,
            ChangedBy,
            new DateTimeOffset(DateTime.SpecifyKind(ChangedAt, DateTimeKind.Utc)),
            ChangedPaths);
    }
}
