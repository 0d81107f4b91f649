namespace ContentFlows.Activities.Citations;

/// <summary>A sentence of a version tied to research sources by markers such as [S1].</summary>
/// <param name="Field">The content field holding the sentence ("title", "metaDescription", "h1", "body", "cta").</param>
/// <param name="Claim">The sentence, without its markers, exactly as stored in the field.</param>
/// <param name="Markers">The source markers it cites, for example ["S1", "S3"].</param>
public sealed record SourceClaim(string Field, string Claim, IReadOnlyList<string> Markers);
