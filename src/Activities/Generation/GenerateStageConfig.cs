using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>The config of the <c>generate</c> stage.</summary>
public sealed class GenerateStageConfig
{
    /// <summary>The most variants of one kind a draft may ask for.</summary>
    public const int MaxVariantsPerKind = 10;

    /// <summary>The shortest body target, in words.</summary>
    public const int MinTargetWords = 50;

    /// <summary>The longest body target, in words.</summary>
    public const int MaxTargetWords = 5000;

    /// <summary>Gets or sets the approximate body length in words. Default 300.</summary>
    public int TargetWords { get; set; } = 300;

    /// <summary>
    /// Gets or sets how many marketing variants of each kind to write, by kind (see <see cref="MarketingVariantKinds"/>),
    /// for example <c>{"headline": 3, "social-post": 2}</c>. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, int> Variants { get; set; } = new Dictionary<string, int>();

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TargetWords is < MinTargetWords or > MaxTargetWords)
        {
            problems.Add($"targetWords must be within {MinTargetWords}..{MaxTargetWords} (was {TargetWords}).");
        }

        // JSON may say "variants": null.
        if (Variants is not { } variants)
        {
            problems.Add("variants must be an object of kind → count, for example {\"headline\": 3} (was null).");
            return problems;
        }

        foreach (var (kind, count) in variants)
        {
            if (!MarketingVariantKinds.IsKnown(kind))
            {
                problems.Add($"variants has the unknown kind \"{kind}\"; known: {string.Join(", ", MarketingVariantKinds.All)}.");
            }

            if (count is < 1 or > MaxVariantsPerKind)
            {
                problems.Add($"variants.{kind} must be within 1..{MaxVariantsPerKind} (was {count}).");
            }
        }

        return problems;
    }

    /// <summary>The variants to ask for, in <see cref="MarketingVariantKinds.All"/> order; call on a valid config.</summary>
    public IReadOnlyList<VariantRequest> VariantRequests() =>
        MarketingVariantKinds.All.Where(Variants.ContainsKey).Select(kind => new VariantRequest(kind, Variants[kind])).ToList();
}
