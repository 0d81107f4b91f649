namespace ContentFlows.Activities.Generation;

/// <summary>The structured part of a drafting prompt: everything a generator needs, as one JSON block.</summary>
/// <param name="Task">"generate" for a first draft, "rewrite" to fix a draft.</param>
/// <param name="Brief">The brief.</param>
/// <param name="VoiceAndTone">The brand's voice.</param>
/// <param name="BannedPhrases">Phrases never to use.</param>
/// <param name="RequiredPhrases">Phrases to include.</param>
/// <param name="TargetWords">The approximate body length in words.</param>
/// <param name="Draft">The draft to fix (rewrite only).</param>
/// <param name="Issues">The gate findings to fix (rewrite only).</param>
/// <param name="Research">The research brief, when a research stage ran: source texts under their markers.</param>
/// <param name="Facts">The extracted facts, when an extract stage ran.</param>
/// <param name="Personas">The readers to write for: the audience stage's personas, else the brand profile's; null when neither has any.</param>
/// <param name="Variants">The marketing variants to write, by kind and count; null (left out of the prompt) when none are wanted.</param>
public sealed record DraftTask(
    string Task,
    Workflows.Pipelines.ContentBrief Brief,
    string VoiceAndTone,
    IReadOnlyList<string> BannedPhrases,
    IReadOnlyList<string> RequiredPhrases,
    int TargetWords,
    Workflows.Pipelines.ContentFields? Draft = null,
    IReadOnlyList<QualityGates.QualityIssue>? Issues = null,
    string? Research = null,
    Extraction.ExtractedFacts? Facts = null,
    IReadOnlyList<Audience.AudiencePersona>? Personas = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<VariantRequest>? Variants = null)
{
    /// <summary>The task name of a first draft.</summary>
    public const string Generate = "generate";

    /// <summary>The task name of a rewrite.</summary>
    public const string Rewrite = "rewrite";
}
