namespace ContentFlows.Activities.QualityGates;

/// <summary>The LLM judges a <c>quality-gates</c> stage can run (its <c>judges</c> option).</summary>
public static class QualityJudgeNames
{
    /// <summary>Judges the content against the brand profile: voice and tone, glossary, banned phrases, personas.</summary>
    public const string BrandVoice = "brand-voice";

    /// <summary>Judges every claim and figure against the brief's source text, the research brief and the extracted facts.</summary>
    public const string Factuality = "factuality";

    /// <summary>Gets every judge name.</summary>
    public static IReadOnlyList<string> All { get; } = [BrandVoice, Factuality];
}
