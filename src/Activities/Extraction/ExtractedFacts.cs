namespace ContentFlows.Activities.Extraction;

/// <summary>What the extract stage found in the brief and the research, as validated JSON.</summary>
/// <param name="Features">Key features.</param>
/// <param name="Benefits">What the reader gains.</param>
/// <param name="Specs">Specifications; every figure in them is in the sources.</param>
/// <param name="Audience">Who it is for.</param>
public sealed record ExtractedFacts(IReadOnlyList<string> Features, IReadOnlyList<string> Benefits, IReadOnlyList<ProductSpec> Specs, IReadOnlyList<string> Audience);
