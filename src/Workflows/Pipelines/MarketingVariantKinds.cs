namespace ContentFlows.Workflows.Pipelines;

/// <summary>The kinds of <see cref="MarketingVariant"/>, as they appear in stage configs, stored content and prompts.</summary>
public static class MarketingVariantKinds
{
    /// <summary>An alternative headline, for A/B tests and promotion.</summary>
    public const string Headline = "headline";

    /// <summary>A social media post that links to the page.</summary>
    public const string SocialPost = "social-post";

    /// <summary>Search or display ad copy.</summary>
    public const string AdCopy = "ad-copy";

    /// <summary>A newsletter or campaign email subject line.</summary>
    public const string EmailSubject = "email-subject";

    /// <summary>Gets every kind, in the order variants are written and shown.</summary>
    public static IReadOnlyList<string> All { get; } = [Headline, SocialPost, AdCopy, EmailSubject];

    /// <summary>Whether <paramref name="kind"/> is a known kind (exact, lower case).</summary>
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    /// <summary>Lists what is wrong with a list of variants (unknown kinds, empty texts), naming each as "variants[i]"; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<MarketingVariant?> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var problems = new List<string>();
        for (var i = 0; i < variants.Count; i++)
        {
            if (variants[i] is not { } variant)
            {
                problems.Add($"variants[{i}] is null; each variant needs a kind and a text.");
                continue;
            }

            if (!IsKnown(variant.Kind))
            {
                problems.Add($"variants[{i}] has the unknown kind \"{variant.Kind}\"; known: {string.Join(", ", All)}.");
            }

            if (string.IsNullOrWhiteSpace(variant.Text))
            {
                problems.Add($"variants[{i}] ({variant.Kind}) has no text.");
            }
        }

        return problems;
    }
}
