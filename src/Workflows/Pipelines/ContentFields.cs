namespace ContentFlows.Workflows.Pipelines;

/// <summary>The fields of one content version, as a reviewer edits them.</summary>
/// <param name="Title">The SEO title.</param>
/// <param name="MetaDescription">The meta description.</param>
/// <param name="H1">The page heading.</param>
/// <param name="Body">The body text (paragraphs separated by blank lines).</param>
/// <param name="Cta">The call to action.</param>
public sealed record ContentFields(string Title, string MetaDescription, string H1, string Body, string Cta);
