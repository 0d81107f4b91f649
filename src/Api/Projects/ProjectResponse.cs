using ContentFlows.Activities.Projects;

namespace ContentFlows.Api.Projects;

/// <summary>A project as the API shows it: settings and the names of its secrets, never their values.</summary>
internal sealed record ProjectResponse(
    Guid Id,
    string Name,
    string Slug,
    BrandProfile Brand,
    QualityThresholds Quality,
    LlmSettings Llm,
    PublishingSettings Publishing,
    IReadOnlyList<string> SecretNames,
    int SettingsVersion)
{
    public static ProjectResponse From(Project project, IReadOnlyList<string> secretNames) =>
        new(project.Id, project.Name, project.Slug, project.Brand, project.Quality, project.Llm, project.Publishing, secretNames, project.SettingsVersion);
}
