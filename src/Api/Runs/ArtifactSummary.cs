using ContentFlows.Activities.Content;

namespace ContentFlows.Api.Runs;

/// <summary>One content version a run produced; its text is at /api/runs/{runId}/versions/{version}.</summary>
internal sealed record ArtifactSummary(int Version, ContentVersionKind Kind, int? GateScore, bool? GatePassed, DateTimeOffset CreatedAt)
{
    public static ArtifactSummary From(ContentVersion version) =>
        new(version.Version, version.Kind, version.GateReport?.Score, version.GateReport?.Passed, version.CreatedAt);
}
