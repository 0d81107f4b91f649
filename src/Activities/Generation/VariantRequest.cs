namespace ContentFlows.Activities.Generation;

/// <summary>How many marketing variants of one kind a draft must carry, as the drafting prompt asks for them.</summary>
/// <param name="Kind">The kind (see <see cref="Workflows.Pipelines.MarketingVariantKinds"/>).</param>
/// <param name="Count">How many.</param>
public sealed record VariantRequest(string Kind, int Count)
{
    /// <summary>The requests a draft's own variants answer, kinds in first-seen order: what a rewrite must keep.</summary>
    public static IReadOnlyList<VariantRequest> Of(IReadOnlyList<Workflows.Pipelines.MarketingVariant> variants) =>
        variants.Where(v => v is not null).GroupBy(v => v.Kind, StringComparer.Ordinal).Select(g => new VariantRequest(g.Key, g.Count())).ToList();
}
