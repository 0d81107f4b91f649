using System.Globalization;
using ContentFlows.Activities.QualityGates;

namespace ContentFlows.Activities.Projects;

/// <summary>
/// The quality-gate rules of one content language, on top of the gate stage's config: phrases forbidden in that language
/// (a phrase banned in German may be harmless in English) and the field lengths its texts get (German runs longer).
/// A bound left out keeps the stage's.
/// </summary>
public sealed record LanguageGateRules
{
    /// <summary>Gets phrases forbidden in this language, in addition to the brand's and the stage's.</summary>
    public IReadOnlyList<string> ForbiddenPhrases { get; init; } = [];

    /// <summary>Gets the title bounds in this language; null keeps the stage's.</summary>
    public LengthBounds? TitleLength { get; init; }

    /// <summary>Gets the meta description bounds in this language; null keeps the stage's.</summary>
    public LengthBounds? MetaDescriptionLength { get; init; }

    /// <summary>Gets the H1 bounds in this language; null keeps the stage's.</summary>
    public LengthBounds? H1Length { get; init; }

    /// <summary>Gets the body bounds in this language; null keeps the stage's.</summary>
    public LengthBounds? BodyLength { get; init; }

    /// <summary>Gets the call-to-action bounds in this language; null keeps the stage's.</summary>
    public LengthBounds? CtaLength { get; init; }

    /// <summary>Lists what is wrong with these rules as (field, problem) pairs, fields under <paramref name="path"/>; empty when valid.</summary>
    public IReadOnlyList<(string Field, string Problem)> Validate(string path)
    {
        var problems = new List<(string Field, string Problem)>();
        if (ForbiddenPhrases is null || ForbiddenPhrases.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add(($"{path}.forbiddenPhrases", "must be a list of non-empty phrases"));
        }

        foreach (var (name, bounds) in new[] { ("titleLength", TitleLength), ("metaDescriptionLength", MetaDescriptionLength), ("h1Length", H1Length), ("bodyLength", BodyLength), ("ctaLength", CtaLength) })
        {
            if (bounds is not null && (bounds.Min < 0 || bounds.Max < bounds.Min))
            {
                problems.Add(($"{path}.{name}", string.Create(CultureInfo.InvariantCulture, $"must have 0 <= min <= max (was {bounds.Min}..{bounds.Max})")));
            }
        }

        return problems;
    }
}
