namespace ContentFlows.Activities.Projects;

/// <summary>A tenant: its brand, quality bar and LLM settings, as of one settings version.</summary>
/// <param name="Id">The project id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Slug">The URL-safe name (used as the publishing folder).</param>
/// <param name="Brand">The brand profile.</param>
/// <param name="Quality">The quality thresholds.</param>
/// <param name="Llm">The LLM settings.</param>
public sealed record Project(Guid Id, string Name, string Slug, BrandProfile Brand, QualityThresholds Quality, LlmSettings Llm)
{
    /// <summary>Gets the publishing rules. Default: no approval required.</summary>
    public PublishingSettings Publishing { get; init; } = new();

    /// <summary>Gets the settings version these settings are (1 for a project not read from the store).</summary>
    public int SettingsVersion { get; init; } = 1;

    /// <summary>Gets the versioned settings together.</summary>
    public ProjectSettings Settings => new(Brand, Quality, Llm, Publishing);
}
