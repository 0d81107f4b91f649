namespace ContentFlows.Workflows.Pipelines;

/// <summary>The fields of one content version, as a reviewer edits them.</summary>
/// <param name="Title">The SEO title.</param>
/// <param name="MetaDescription">The meta description.</param>
/// <param name="H1">The page heading.</param>
/// <param name="Body">The body in Markdown: paragraphs separated by blank lines, and optionally headings, lists and tables.</param>
/// <param name="Cta">The call to action.</param>
public sealed record ContentFields(string Title, string MetaDescription, string H1, string Body, string Cta)
{
    private readonly IReadOnlyList<MarketingVariant> variants = [];

    /// <summary>
    /// Gets the marketing variants (headlines, social posts, ad copy, email subjects); empty by default. Outside the
    /// constructor and never null, so versions stored and histories recorded before variants existed read as having none.
    /// </summary>
    public IReadOnlyList<MarketingVariant> Variants
    {
        get => variants;
        init => variants = value ?? [];
    }

    /// <inheritdoc />
    public bool Equals(ContentFields? other) =>
        other is not null &&
        string.Equals(Title, other.Title, StringComparison.Ordinal) &&
        string.Equals(MetaDescription, other.MetaDescription, StringComparison.Ordinal) &&
        string.Equals(H1, other.H1, StringComparison.Ordinal) &&
        string.Equals(Body, other.Body, StringComparison.Ordinal) &&
        string.Equals(Cta, other.Cta, StringComparison.Ordinal) &&
        Variants.SequenceEqual(other.Variants); // By value: a list read back from JSON is a new instance.

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Title, MetaDescription, H1, Body, Cta, Variants.Count);
}
