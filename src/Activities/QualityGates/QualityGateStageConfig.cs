using ContentFlows.Activities.Projects;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>The config of the <c>quality-gates</c> stage.</summary>
public sealed class QualityGateStageConfig
{
    /// <summary>Gets or sets the minimum score to pass; null uses the project's threshold.</summary>
    public int? MinScore { get; set; }

    /// <summary>Gets or sets a value indicating whether a call to action is required. Default true.</summary>
    public bool RequireCta { get; set; } = true;

    /// <summary>Gets or sets phrases forbidden in addition to the brand profile's banned phrases.</summary>
    public IReadOnlyList<string> ForbiddenPhrases { get; set; } = [];

    /// <summary>Gets or sets the title bounds. Default 20–70 (what search results show).</summary>
    public LengthBounds TitleLength { get; set; } = new(20, 70);

    /// <summary>Gets or sets the meta description bounds. Default 50–160.</summary>
    public LengthBounds MetaDescriptionLength { get; set; } = new(50, 160);

    /// <summary>Gets or sets the H1 bounds. Default 10–90.</summary>
    public LengthBounds H1Length { get; set; } = new(10, 90);

    /// <summary>
    /// Gets or sets the body bounds, counted on the text a reader sees (Markdown syntax left out). Default 200–20,000
    /// characters; long-form content usually counts words: <c>{"min": 1000, "max": 1400, "unit": "words"}</c>.
    /// </summary>
    public LengthBounds BodyLength { get; set; } = new(200, 20_000);

    /// <summary>Gets or sets the CTA bounds. Default 3–80.</summary>
    public LengthBounds CtaLength { get; set; } = new(3, 80);

    /// <summary>
    /// Gets or sets the marketing variant bounds by kind; a kind left out keeps its default (see
    /// <see cref="DefaultVariantLengths"/>).
    /// </summary>
    public IReadOnlyDictionary<string, LengthBounds> VariantLengths { get; set; } = new Dictionary<string, LengthBounds>();

    /// <summary>
    /// Gets the default variant bounds: headline 20–90, social-post 40–280 (what a short post allows), ad-copy 25–150,
    /// email-subject 10–70 (what inboxes show).
    /// </summary>
    public static IReadOnlyDictionary<string, LengthBounds> DefaultVariantLengths { get; } = new Dictionary<string, LengthBounds>(StringComparer.Ordinal)
    {
        [MarketingVariantKinds.Headline] = new(20, 90),
        [MarketingVariantKinds.SocialPost] = new(40, 280),
        [MarketingVariantKinds.AdCopy] = new(25, 150),
        [MarketingVariantKinds.EmailSubject] = new(10, 70),
    };

    /// <summary>
    /// Gets or sets the LLM judges to run besides the deterministic checks (see <see cref="QualityJudgeNames"/>), one
    /// metered call each; their issues and scores merge into the report. Default none.
    /// </summary>
    public IReadOnlyList<string> Judges { get; set; } = [];

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MinScore is < 0 or > 100)
        {
            problems.Add($"minScore must be within 0..100 (was {MinScore}).");
        }

        foreach (var (name, bounds) in new[] { ("titleLength", TitleLength), ("metaDescriptionLength", MetaDescriptionLength), ("h1Length", H1Length), ("bodyLength", BodyLength), ("ctaLength", CtaLength) })
        {
            if (bounds is null || bounds.Min < 0 || bounds.Max < bounds.Min)
            {
                problems.Add($"{name} must have 0 <= min <= max (was {bounds?.Min}..{bounds?.Max}).");
            }
            else if (bounds.Unit is not LengthBounds.Characters and not LengthBounds.Words)
            {
                problems.Add($"{name}.unit must be \"{LengthBounds.Characters}\" or \"{LengthBounds.Words}\" (was \"{bounds.Unit}\").");
            }
        }

        if (VariantLengths is not { } variantLengths)
        {
            problems.Add("variantLengths must be an object of kind → {min, max} (was null).");
        }
        else
        {
            foreach (var (kind, bounds) in variantLengths)
            {
                if (!MarketingVariantKinds.IsKnown(kind))
                {
                    problems.Add($"variantLengths has the unknown kind \"{kind}\"; known: {string.Join(", ", MarketingVariantKinds.All)}.");
                }
                else if (bounds is null || bounds.Min < 0 || bounds.Max < bounds.Min)
                {
                    problems.Add($"variantLengths.{kind} must have 0 <= min <= max (was {bounds?.Min}..{bounds?.Max}).");
                }
                else if (bounds.Unit is not LengthBounds.Characters and not LengthBounds.Words)
                {
                    problems.Add($"variantLengths.{kind}.unit must be \"{LengthBounds.Characters}\" or \"{LengthBounds.Words}\" (was \"{bounds.Unit}\").");
                }
            }
        }

        if (ForbiddenPhrases.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("forbiddenPhrases must not contain empty phrases.");
        }

        // JSON may say "judges": null; the stage reads the list without checking again.
        if (Judges is not { } judges)
        {
            problems.Add("judges must be a list of judge names (was null).");
        }
        else
        {
            foreach (var judge in judges.Where(j => !QualityJudgeNames.All.Contains(j, StringComparer.Ordinal)))
            {
                problems.Add($"judges has an unknown judge \"{judge}\"; known: {string.Join(", ", QualityJudgeNames.All)}.");
            }

            if (judges.Distinct(StringComparer.Ordinal).Count() != judges.Count)
            {
                problems.Add("judges must not name a judge twice.");
            }
        }

        return problems;
    }

    /// <summary>Returns a copy with a language's rules applied: its phrases added to the forbidden ones, its bounds replacing these.</summary>
    public QualityGateStageConfig WithLanguageRules(LanguageGateRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var copy = (QualityGateStageConfig)MemberwiseClone();
        copy.ForbiddenPhrases = [.. ForbiddenPhrases, .. rules.ForbiddenPhrases];
        copy.TitleLength = rules.TitleLength ?? TitleLength;
        copy.MetaDescriptionLength = rules.MetaDescriptionLength ?? MetaDescriptionLength;
        copy.H1Length = rules.H1Length ?? H1Length;
        copy.BodyLength = rules.BodyLength ?? BodyLength;
        copy.CtaLength = rules.CtaLength ?? CtaLength;
        return copy;
    }

    /// <summary>The length bounds of a variant kind: the config's, else the default; null for an unknown kind.</summary>
    public LengthBounds? VariantLengthFor(string? kind) =>
        kind is null ? null : VariantLengths?.GetValueOrDefault(kind) ?? DefaultVariantLengths.GetValueOrDefault(kind);
}
