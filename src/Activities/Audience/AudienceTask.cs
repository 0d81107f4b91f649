using ContentFlows.Activities.Extraction;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Audience;

/// <summary>The fenced task of an audience prompt.</summary>
/// <param name="Brief">The brief (without prompt overrides).</param>
/// <param name="VoiceAndTone">The brand's voice, which tone notes refine per reader.</param>
/// <param name="BrandPersonas">The brand profile's standing personas, to refine for this brief; empty when it has none.</param>
/// <param name="Research">The research brief, or null.</param>
/// <param name="Facts">The extracted facts, or null.</param>
/// <param name="MaxPersonas">The most personas wanted.</param>
public sealed record AudienceTask(
    ContentBrief Brief,
    string VoiceAndTone,
    IReadOnlyList<AudiencePersona> BrandPersonas,
    string? Research,
    ExtractedFacts? Facts,
    int MaxPersonas)
{
    /// <summary>The task name.</summary>
    public const string Name = "audience";

    /// <summary>Gets the task name, for the offline generator.</summary>
    public string Task => Name;
}
