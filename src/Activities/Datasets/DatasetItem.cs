namespace ContentFlows.Activities.Datasets;

/// <summary>One good row, normalized: what a brief needs, plus every other column kept as text.</summary>
/// <param name="Topic">The product or subject (required).</param>
/// <param name="Audience">Who reads it, or null for the batch default.</param>
/// <param name="Channel">Where it appears, or null for the batch default.</param>
/// <param name="Keywords">SEO keywords.</param>
/// <param name="SourceText">Facts the content may state.</param>
/// <param name="Attributes">The row's other fields, by name.</param>
public sealed record DatasetItem(
    string Topic,
    string? Audience,
    string? Channel,
    IReadOnlyList<string> Keywords,
    string SourceText,
    IReadOnlyDictionary<string, string> Attributes);
