using ContentFlows.Activities.QualityGates;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Content;

/// <summary>One stored draft of a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Version">The version number (1-based, per run).</param>
/// <param name="Kind">How it came to be.</param>
/// <param name="Fields">The content.</param>
/// <param name="GateReport">The quality-gate report, once checked.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record ContentVersion(Guid RunId, int Version, ContentVersionKind Kind, ContentFields Fields, QualityGateReport? GateReport, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Gets the version's language; null means the run brief's language. Translations, and every version made from one
    /// (rewrites, edits, published snapshots), carry theirs.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>Gets the master version a translation (or a version made from one) was made from; null otherwise.</summary>
    public int? DerivedFrom { get; init; }
}
