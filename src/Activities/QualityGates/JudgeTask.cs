using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Extraction;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>The fenced task of a judge prompt: the content and what it is judged against.</summary>
/// <param name="Judge">The judge, one of <see cref="QualityJudgeNames"/>.</param>
/// <param name="Content">The version's fields.</param>
/// <param name="Brief">The brief (without prompt overrides).</param>
/// <param name="VoiceAndTone">The brand's voice and tone.</param>
/// <param name="BannedPhrases">Phrases the brand never uses.</param>
/// <param name="Glossary">The brand's preferred terms.</param>
/// <param name="Personas">The readers the content is for, or null.</param>
/// <param name="Research">The research brief with its source markers, or null.</param>
/// <param name="Facts">The extracted facts, or null.</param>
public sealed record JudgeTask(
    string Judge,
    ContentFields Content,
    ContentBrief Brief,
    string VoiceAndTone,
    IReadOnlyList<string> BannedPhrases,
    IReadOnlyDictionary<string, string> Glossary,
    IReadOnlyList<AudiencePersona>? Personas,
    string? Research,
    ExtractedFacts? Facts)
{
    /// <summary>The task name.</summary>
    public const string Name = "judge";

    /// <summary>Gets the task name, for the offline generator.</summary>
    public string Task => Name;
}
