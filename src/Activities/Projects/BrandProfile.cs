namespace ContentFlows.Activities.Projects;

/// <summary>How a project's content must sound and what it must or must not say.</summary>
public sealed record BrandProfile
{
    /// <summary>Gets the voice and tone description given to the LLM.</summary>
    public string VoiceAndTone { get; init; } = string.Empty;

    /// <summary>Gets phrases content must never contain (a quality-gate error).</summary>
    public IReadOnlyList<string> BannedPhrases { get; init; } = [];

    /// <summary>Gets phrases content must contain (a quality-gate warning when missing).</summary>
    public IReadOnlyList<string> RequiredPhrases { get; init; } = [];

    /// <summary>Gets the brand's standing audience personas; <c>generate</c> writes for them when no <c>audience</c> stage ran.</summary>
    public IReadOnlyList<Audience.AudiencePersona> Personas { get; init; } = [];

    /// <summary>Gets preferred terms: term → how to use it.</summary>
    public IReadOnlyDictionary<string, string> Glossary { get; init; } = new Dictionary<string, string>();
}
