using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace ContentFlows.Activities.Content;

/// <summary>
/// Bodies are Markdown (CommonMark with pipe tables): sections under <c>##</c> headings, lists, tables, emphasis and
/// links. Plain paragraphs separated by blank lines, the shape of older versions, are Markdown too and render as they
/// did. What the LLM writes is untrusted, so raw HTML in it is never parsed (it is shown as text) and the HTML made is
/// run through an allow-list sanitizer that keeps only the structure below and http(s)/mailto links.
/// </summary>
public static class BodyMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    // An instance is safe to share once configured: Sanitize keeps no state between calls.
    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(
            ["p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "pre", "code", "em", "strong", "del", "a", "br", "hr"],
            StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(["href", "title", "start", "style"], StringComparer.OrdinalIgnoreCase),

        // Markdig aligns table columns with an inline style; nothing else may be styled.
        AllowedCssProperties = new HashSet<string>(["text-align"], StringComparer.OrdinalIgnoreCase),
        AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
    });

    /// <summary>Renders a body as safe HTML: headings start at <c>h2</c> (the page's own H1 is the only <c>h1</c>).</summary>
    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>().Where(h => h.Level == 1))
        {
            heading.Level = 2;
        }

        return Sanitizer.Sanitize(document.ToHtml(Pipeline));
    }

    /// <summary>The text a reader sees, without Markdown syntax (no <c>#</c>, list numbers or table pipes): what gates count and check.</summary>
    public static string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return Markdown.ToPlainText(markdown, Pipeline);
    }
}
