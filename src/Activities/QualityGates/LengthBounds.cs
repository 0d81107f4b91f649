namespace ContentFlows.Activities.QualityGates;

/// <summary>Allowed length of a field, inclusive, in <see cref="Unit"/>.</summary>
/// <param name="Min">The minimum.</param>
/// <param name="Max">The maximum.</param>
public sealed record LengthBounds(int Min, int Max)
{
    /// <summary>Length counted in characters.</summary>
    public const string Characters = "characters";

    /// <summary>Length counted in words (see <see cref="Content.WordCount"/>).</summary>
    public const string Words = "words";

    /// <summary>Gets what <see cref="Min"/> and <see cref="Max"/> count: <see cref="Characters"/> (the default) or <see cref="Words"/>.</summary>
    public string Unit { get; init; } = Characters;

    /// <summary>Gets a value indicating whether the bounds count words.</summary>
    public bool CountsWords => Unit == Words;

    /// <summary>Creates bounds counted in words.</summary>
    public static LengthBounds InWords(int min, int max) => new(min, max) { Unit = Words };
}
