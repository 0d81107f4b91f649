using System.Text.Json.Serialization;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>What a content team asks for. Stored with the run; stages read it from PostgreSQL by run id.</summary>
/// <param name="Topic">The subject or product the content is about.</param>
/// <param name="Audience">Who reads it.</param>
/// <param name="Channel">Where it appears (for example "blog" or "product-page").</param>
/// <param name="Language">The content language as a BCP 47 tag.</param>
/// <param name="Keywords">SEO keywords the content must use.</param>
/// <param name="SourceText">Facts the content may state; numbers in it must be kept and no others invented.</param>
/// <param name="Sources">Further sources for a research stage to read; null or empty when there are none.</param>
/// <param name="Prompts">Prompt overrides for this run by stage type; they win over the project's and the defaults. Null for none.</param>
/// <param name="Attributes">
/// The item's own data by column name (product id, category, …) when the brief comes from a dataset row; facts the
/// content may use. Null for none, and then left out of the JSON, so briefs stored before it read and write as they did.
/// </param>
public sealed record ContentBrief(
    string Topic,
    string Audience,
    string Channel,
    string Language,
    IReadOnlyList<string> Keywords,
    string SourceText,
    IReadOnlyList<BriefSource>? Sources = null,
    IReadOnlyDictionary<string, PromptOverride>? Prompts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, string>? Attributes = null)
{
    /// <summary>Returns the brief as LLM tasks carry it: without the prompt overrides, which are instructions, not content.</summary>
    public ContentBrief ForPrompt() => Prompts is null ? this : this with { Prompts = null };
}
