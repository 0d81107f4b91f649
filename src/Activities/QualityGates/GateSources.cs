using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>What the gates check a version against besides the brief.</summary>
/// <param name="ResearchText">The research brief; its figures count as sources. Null when no research ran.</param>
/// <param name="SourceWarnings">The research's degradation warnings; each lowers the score.</param>
/// <param name="Master">For a translation, the master-language version whose figures must all survive; null otherwise.</param>
public sealed record GateSources(string? ResearchText, IReadOnlyList<string> SourceWarnings, ContentFields? Master)
{
    /// <summary>Gets the research brief's source index, which source markers must cite; null when no research ran (markers are then not checked).</summary>
    public IReadOnlyList<Research.ResearchSourceEntry>? SourceIndex { get; init; }

    /// <summary>Gets the claims the version ties to sources with markers.</summary>
    public IReadOnlyList<Citations.SourceClaim> Claims { get; init; } = [];

    /// <summary>Gets no extra sources.</summary>
    public static GateSources None { get; } = new(null, [], null);
}
