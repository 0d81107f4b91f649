using ContentFlows.Activities.Projects;

namespace ContentFlows.Api.Projects;

/// <summary>One version of a project's settings: who made it, when, what it changed, and the settings themselves.</summary>
internal sealed record ProjectSettingsResponse(
    Guid ProjectId,
    int Version,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    IReadOnlyList<string> ChangedPaths,
    BrandProfile Brand,
    QualityThresholds Quality,
    LlmSettings Llm,
    PublishingSettings Publishing)
{
    public static ProjectSettingsResponse From(ProjectSettingsVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var settings = version.Settings;
        return new(version.ProjectId, version.Version, version.ChangedBy, version.ChangedAt, version.ChangedPaths, settings.Brand, settings.Quality, settings.Llm, settings.Publishing);
    }
}
