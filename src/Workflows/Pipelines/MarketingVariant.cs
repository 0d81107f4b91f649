namespace ContentFlows.Workflows.Pipelines;

/// <summary>One marketing variant of a content version: a short text for one use around the page.</summary>
/// <param name="Kind">What the text is for, one of <see cref="MarketingVariantKinds.All"/> (for example "headline").</param>
/// <param name="Text">The text.</param>
public sealed record MarketingVariant(string Kind, string Text);
