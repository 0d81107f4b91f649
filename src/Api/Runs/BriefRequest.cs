using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Runs;

/// <summary>What to produce, as sent; checked field by field before it becomes a <c>ContentBrief</c>.</summary>
/// <param name="Topic">The subject or product.</param>
/// <param name="Audience">Who reads it.</param>
/// <param name="Channel">Where it appears.</param>
/// <param name="Language">A BCP 47 tag.</param>
/// <param name="Keywords">SEO keywords the content must use.</param>
/// <param name="SourceText">Facts the content may state.</param>
/// <param name="Sources">Texts and URLs for a research stage to read.</param>
/// <param name="Prompts">Prompt overrides for this run, by stage key; they win over the project's.</param>
internal sealed record BriefRequest(
    string? Topic,
    string? Audience,
    string? Channel,
    string? Language,
    IReadOnlyList<string>? Keywords,
    string? SourceText,
    IReadOnlyList<BriefSourceRequest?>? Sources = null,
    IReadOnlyDictionary<string, PromptOverride>? Prompts = null);
