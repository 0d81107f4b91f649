using System.Text.RegularExpressions;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Projects;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>
/// The deterministic quality checks, run together on one draft: field lengths, forbidden phrases, CTA, numbers kept
/// from the sources and none invented, keywords and required phrases. Marketing variants are checked like fields
/// (length bounds per kind, forbidden phrases, invented numbers), each named "variants[i]". Pure: same input, same report.
/// </summary>
public static partial class QualityGateEvaluator
{
    private const int ErrorPenalty = 25;
    private const int WarningPenalty = 8;
    private const int InfoPenalty = 2;

    /// <summary>Checks <paramref name="content"/> against the brief, the brand and the config.</summary>
    public static QualityGateReport Evaluate(ContentFields content, ContentBrief brief, BrandProfile brand, QualityGateStageConfig config, QualityThresholds thresholds) =>
        Evaluate(content, brief, brand, config, thresholds, GateSources.None);

    /// <summary>
    /// Checks <paramref name="content"/> against the brief, the research, the brand and the config. A translation is
    /// checked for figures lost from its master instead of for the master language's keywords and phrases.
    /// </summary>
    public static QualityGateReport Evaluate(ContentFields content, ContentBrief brief, BrandProfile brand, QualityGateStageConfig config, QualityThresholds thresholds, GateSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(brand);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(thresholds);

        var issues = new List<QualityIssue>();
        var fields = Fields(content);
        CheckLengths(PageFields(content), config, issues);
        CheckVariants(content.Variants, config, issues);
        CheckForbiddenPhrases(fields, brand.BannedPhrases.Concat(config.ForbiddenPhrases), issues);
        if (config.RequireCta && string.IsNullOrWhiteSpace(content.Cta))
        {
            issues.Add(new QualityIssue("missing-cta", IssueSeverity.Error, "cta", "The content has no call to action.", "Add a short call to action that tells the reader what to do next."));
        }

        // A dataset row's columns (a size, a price) may be stated, but need not be: most are ids and codes.
        var attributes = brief.Attributes is { } columns ? string.Join('\n', columns.Values) : string.Empty;
        CheckNumbers(fields, $"{brief.SourceText}\n{brief.Topic}\n{sources.ResearchText}", attributes, issues);
        CheckSourceMarkers(sources, issues);
        foreach (var warning in sources.SourceWarnings)
        {
            issues.Add(new QualityIssue("source-unreachable", IssueSeverity.Warning, "body", warning, "Check the source, or supply its text inline, and run the pipeline again."));
        }

        if (sources.Master is { } master)
        {
            CheckTranslatedNumbers(fields, master, issues);
            return Score(issues, config, thresholds);
        }

        // Keywords and required phrases belong on the page: a variant using one does not count.
        var text = string.Join("\n", PageFields(content).Select(f => f.Text));
        foreach (var keyword in brief.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            if (!text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                issues.Add(new QualityIssue("missing-keyword", IssueSeverity.Warning, "body", $"The keyword \"{keyword}\" is not used.", $"Use \"{keyword}\" naturally in the body or title.", keyword));
            }
        }

        foreach (var phrase in brand.RequiredPhrases.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (!text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                issues.Add(new QualityIssue("missing-required-phrase", IssueSeverity.Warning, "body", $"The required phrase \"{phrase}\" is missing.", $"Include \"{phrase}\" once.", phrase));
            }
        }

        return Score(issues, config, thresholds);
    }

    /// <summary>The numbers stated in a text, normalised ("1,200" → "1200", "12.5%" → "12.5%").</summary>
    public static IReadOnlyList<string> NumbersIn(string text) =>
        NumberPattern().Matches(text ?? string.Empty).Select(m => m.Value.Replace(",", string.Empty, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();

    private static QualityGateReport Score(List<QualityIssue> issues, QualityGateStageConfig config, QualityThresholds thresholds)
    {
        var score = Math.Max(0, 100 - issues.Sum(i => i.Severity switch
        {
            IssueSeverity.Error => ErrorPenalty,
            IssueSeverity.Warning => WarningPenalty,
            _ => InfoPenalty,
        }));
        var minScore = config.MinScore ?? thresholds.MinScore;
        var passed = score >= minScore && issues.All(i => i.Severity != IssueSeverity.Error);
        return new QualityGateReport(score, passed, minScore, issues);
    }

    // The page's fields and then each variant as "variants[i]": everything forbidden phrases and numbers apply to.
    private static (string Name, string Text)[] Fields(ContentFields content) =>
    [
        .. PageFields(content),
        .. content.Variants.Select((v, i) => ($"variants[{i}]", v?.Text ?? string.Empty)),
    ];

    // The body as a reader sees it: Markdown's list numbers, heading marks and link targets are not stated figures or text.
    private static (string Name, string Text)[] PageFields(ContentFields content) =>
    [
        ("title", content.Title ?? string.Empty),
        ("metaDescription", content.MetaDescription ?? string.Empty),
        ("h1", content.H1 ?? string.Empty),
        ("body", BodyMarkdown.ToPlainText(content.Body ?? string.Empty)),
        ("cta", content.Cta ?? string.Empty),
    ];

    private static void CheckLengths((string Name, string Text)[] fields, QualityGateStageConfig config, List<QualityIssue> issues)
    {
        foreach (var (name, text) in fields)
        {
            var bounds = name switch
            {
                "title" => config.TitleLength,
                "metaDescription" => config.MetaDescriptionLength,
                "h1" => config.H1Length,
                "body" => config.BodyLength,
                _ => config.CtaLength,
            };
            var length = Measure(text, bounds);
            var unit = bounds.Unit;
            if (string.IsNullOrWhiteSpace(text) && name != "cta")
            {
                issues.Add(new QualityIssue("empty-field", IssueSeverity.Error, name, $"The {name} is empty.", $"Write a {name} of {bounds.Min}–{bounds.Max} {unit}."));
            }
            else if (length > 0 && (length < bounds.Min || length > bounds.Max))
            {
                issues.Add(new QualityIssue("length", IssueSeverity.Warning, name, $"The {name} has {length} {unit}; allowed {bounds.Min}–{bounds.Max}.", length < bounds.Min ? $"Lengthen the {name} to at least {bounds.Min} {unit}." : $"Shorten the {name} to at most {bounds.Max} {unit}."));
            }
        }
    }

    private static int Measure(string text, LengthBounds bounds) => bounds.CountsWords ? WordCount.Of(text) : text.Trim().Length;

    private static void CheckVariants(IReadOnlyList<MarketingVariant> variants, QualityGateStageConfig config, List<QualityIssue> issues)
    {
        for (var i = 0; i < variants.Count; i++)
        {
            var name = $"variants[{i}]";
            var kind = variants[i]?.Kind;
            var text = variants[i]?.Text ?? string.Empty;

            // A reviewer's edit can bring any kind; without a known kind there are no bounds to check.
            if (config.VariantLengthFor(kind) is not { } bounds)
            {
                issues.Add(new QualityIssue("unknown-variant-kind", IssueSeverity.Error, name, $"The {name} has the unknown kind \"{kind}\".", $"Use one of {string.Join(", ", MarketingVariantKinds.All)}, or remove the variant.", kind));
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                issues.Add(new QualityIssue("empty-field", IssueSeverity.Error, name, $"The {name} ({kind}) is empty.", $"Write a {kind} of {bounds.Min}–{bounds.Max} {bounds.Unit}, or remove the variant."));
            }
            else if (Measure(text, bounds) is var length && (length < bounds.Min || length > bounds.Max))
            {
                issues.Add(new QualityIssue("length", IssueSeverity.Warning, name, $"The {name} ({kind}) has {length} {bounds.Unit}; allowed {bounds.Min}–{bounds.Max}.", length < bounds.Min ? $"Lengthen the {kind}." : $"Shorten the {kind} to at most {bounds.Max} {bounds.Unit}."));
            }
        }
    }

    private static void CheckForbiddenPhrases((string Name, string Text)[] fields, IEnumerable<string> phrases, List<QualityIssue> issues)
    {
        foreach (var phrase in phrases.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var (name, text) in fields)
            {
                if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
                {
                    issues.Add(new QualityIssue("forbidden-phrase", IssueSeverity.Error, name, $"The {name} uses the forbidden phrase \"{phrase}\".", $"Remove \"{phrase}\" or say it in plain, specific words.", phrase));
                }
            }
        }
    }

    private static void CheckTranslatedNumbers((string Name, string Text)[] fields, ContentFields master, List<QualityIssue> issues)
    {
        foreach (var (name, text) in Fields(master))
        {
            // A translation that dropped a variant lost its figures too.
            var translated = NumbersIn(fields.FirstOrDefault(f => f.Name == name).Text ?? string.Empty).ToHashSet(StringComparer.Ordinal);
            foreach (var number in NumbersIn(text).Where(n => !translated.Contains(n)))
            {
                issues.Add(new QualityIssue("translation-number-lost", IssueSeverity.Error, name, $"The {name} of the master version states {number}, which the translation lost or changed.", $"State {number} exactly as in the master version.", number));
            }
        }
    }

    private static void CheckNumbers((string Name, string Text)[] fields, string sourceText, string optionalText, List<QualityIssue> issues)
    {
        var sourceNumbers = NumbersIn(sourceText).ToHashSet(StringComparer.Ordinal);
        var optionalNumbers = NumbersIn(optionalText).ToHashSet(StringComparer.Ordinal);
        var stated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, text) in fields)
        {
            foreach (var number in NumbersIn(text))
            {
                stated.Add(number);
                if (!sourceNumbers.Contains(number) && !optionalNumbers.Contains(number))
                {
                    issues.Add(new QualityIssue("invented-number", IssueSeverity.Error, name, $"The {name} states {number}, which is not in the brief's sources.", $"Remove {number} or replace it with a figure from the sources.", number));
                }
            }
        }

        foreach (var number in sourceNumbers.Where(n => !stated.Contains(n)).Order(StringComparer.Ordinal))
        {
            issues.Add(new QualityIssue("missing-source-number", IssueSeverity.Warning, "body", $"The source figure {number} is not used.", $"Keep the source figure {number} where it supports a claim.", number));
        }
    }

    // Integers, decimals, thousands separators and percentages; a trailing sentence full stop is not part of it, and
    // digits right after a letter belong to a name, not a figure ("S1" source markers, "H1").
    [GeneratedRegex(@"(?<!\p{L})\d+(?:[.,]\d+)*%?")]
    private static partial Regex NumberPattern();
}
