namespace ContentFlows.Activities.Publishing;

/// <summary>The JSON body a webhook channel posts (camelCase). The same bytes on every retry of one publication.</summary>
/// <param name="Event">Always "content.published".</param>
/// <param name="IdempotencyKey">The publication's key, also sent as the Idempotency-Key header.</param>
/// <param name="ProjectId">The project.</param>
/// <param name="ProjectSlug">The project's slug.</param>
/// <param name="RunId">The run.</param>
/// <param name="Version">The run's content version published.</param>
/// <param name="Slug">The run's slug, made from the title and unique in the project (the same on every channel).</param>
/// <param name="Title">The SEO title.</param>
/// <param name="MetaDescription">The meta description.</param>
/// <param name="H1">The page heading.</param>
/// <param name="Body">The body as its Markdown source (paragraphs separated by blank lines; headings, lists, tables).</param>
/// <param name="Cta">The call to action.</param>
/// <param name="Html">The body and call to action as sanitized HTML (headings, lists and tables as elements).</param>
/// <param name="Variants">The marketing variants (kind and text), for the receiver's campaigns; empty when the version has none.</param>
public sealed record WebhookPayload(
    string Event,
    string IdempotencyKey,
    Guid ProjectId,
    string ProjectSlug,
    Guid RunId,
    int Version,
    string Slug,
    string Title,
    string MetaDescription,
    string H1,
    string Body,
    string Cta,
    string Html,
    IReadOnlyList<Workflows.Pipelines.MarketingVariant> Variants)
{
    /// <summary>The event name of a publication.</summary>
    public const string PublishedEvent = "content.published";
}
