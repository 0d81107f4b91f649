using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Approvals;

/// <summary>What a reviewer changed: each changed field with its text before and after.</summary>
public static class FieldDiff
{
    /// <summary>
    /// Returns the changed fields by their JSON names (title, metaDescription, h1, body, cta), in name order, and each
    /// changed marketing variant as "variants[i]" with its text as "kind: text" (null before when the variant is new,
    /// empty after when it was removed).
    /// </summary>
    /// <param name="before">The earlier content; null compares against nothing, so every field counts as changed.</param>
    /// <param name="after">The later content.</param>
    public static IReadOnlyDictionary<string, FieldChange> Between(ContentFields? before, ContentFields after)
    {
        var changes = new SortedDictionary<string, FieldChange>(StringComparer.Ordinal);
        void Compare(string name, string? old, string now)
        {
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                changes[name] = new FieldChange(old, now);
            }
        }

        Compare("title", before?.Title, after.Title);
        Compare("metaDescription", before?.MetaDescription, after.MetaDescription);
        Compare("h1", before?.H1, after.H1);
        Compare("body", before?.Body, after.Body);
        Compare("cta", before?.Cta, after.Cta);
        var beforeVariants = before?.Variants ?? [];
        for (var i = 0; i < Math.Max(beforeVariants.Count, after.Variants.Count); i++)
        {
            Compare($"variants[{i}]", i < beforeVariants.Count ? Describe(beforeVariants[i]) : null, i < after.Variants.Count ? Describe(after.Variants[i]) : string.Empty);
        }

        return changes;
    }

    // The kind goes with the text: a variant turned from headline into email subject is a change too.
    private static string Describe(MarketingVariant? variant) => variant is null ? string.Empty : $"{variant.Kind}: {variant.Text}";
}
