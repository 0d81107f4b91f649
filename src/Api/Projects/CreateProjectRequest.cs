using ContentFlows.Activities.Projects;

namespace ContentFlows.Api.Projects;

/// <summary>A new project (tenant): its brand profile and settings, and optionally its secrets (stored encrypted, never returned).</summary>
internal sealed record CreateProjectRequest(
    string? Name,
    string? Slug,
    BrandProfile? Brand,
    QualityThresholds? Quality,
    LlmSettings? Llm,
    PublishingSettings? Publishing,
    IReadOnlyDictionary<string, string>? Secrets);
