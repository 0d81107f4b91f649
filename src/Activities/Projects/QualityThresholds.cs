using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Projects;

/// <summary>A project's quality bar; a gate stage's own config overrides it.</summary>
public sealed partial record QualityThresholds
{
    /// <summary>Gets the minimum 0–100 gate score to pass. Default 80.</summary>
    public int MinScore { get; init; } = 80;

    /// <summary>
    /// Gets gate rules per content language (a BCP 47 tag such as "de" or "pt-BR"), applied to versions in that language.
    /// A tag with a region falls back to its language's rules ("de-AT" to "de"). Default none.
    /// </summary>
    public IReadOnlyDictionary<string, LanguageGateRules> Languages { get; init; } = new Dictionary<string, LanguageGateRules>();

    /// <summary>The rules for <paramref name="language"/>: its own, else its primary language's; null when none are set.</summary>
    public LanguageGateRules? RulesFor(string? language)
    {
        if (string.IsNullOrEmpty(language) || Languages is null)
        {
            return null;
        }

        var primary = language.Split('-', 2)[0];
        return Languages.FirstOrDefault(l => string.Equals(l.Key, language, StringComparison.OrdinalIgnoreCase)).Value
            ?? Languages.FirstOrDefault(l => string.Equals(l.Key, primary, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>Lists what is wrong with the thresholds as (field, problem) pairs; empty when valid.</summary>
    public IReadOnlyList<(string Field, string Problem)> Validate()
    {
        var problems = new List<(string Field, string Problem)>();
        if (MinScore is < 0 or > 100)
        {
            problems.Add(("quality.minScore", $"must be within 0..100 (was {MinScore})"));
        }

        if (Languages is null)
        {
            problems.Add(("quality.languages", "must be an object of language tag → gate rules"));
            return problems;
        }

        foreach (var (language, rules) in Languages)
        {
            var path = $"quality.languages.{language}";
            if (!LanguageTag().IsMatch(language))
            {
                problems.Add((path, $"\"{language}\" is not a BCP 47 language tag such as \"de\" or \"pt-BR\""));
            }
            else if (rules is null)
            {
                problems.Add((path, "must be an object with forbiddenPhrases and/or length bounds (titleLength, metaDescriptionLength, h1Length, bodyLength, ctaLength)"));
            }
            else
            {
                problems.AddRange(rules.Validate(path));
            }
        }

        if (Languages.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            problems.Add(("quality.languages", $"names \"{duplicate.Key}\" more than once (tags are compared ignoring case)"));
        }

        return problems;
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
