namespace ContentFlows.Activities.QualityGates;

/// <summary>Allowed length of a field in characters, inclusive.</summary>
/// <param name="Min">The minimum.</param>
/// <param name="Max">The maximum.</param>
public sealed record LengthBounds(int Min, int Max);
