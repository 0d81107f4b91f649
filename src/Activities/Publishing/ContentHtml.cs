using System.Net;
using System.Text;
using ContentFlows.Activities.Content;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Publishing;

/// <summary>The HTML of a version's body as every channel publishes it: the body's Markdown rendered safely (see <see cref="BodyMarkdown"/>), then the call to action.</summary>
internal static class ContentHtml
{
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public static StringBuilder AppendBody(StringBuilder html, ContentFields fields)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(fields);
        return html.Append(BodyMarkdown.ToHtml(fields.Body)).Append("<p class=\"cta\">").Append(Encode(fields.Cta)).Append("</p>\n");
    }

    public static string Body(ContentFields fields) => AppendBody(new StringBuilder(), fields).ToString();

    /// <summary>
    /// The marketing variants as a page for the content team (not for readers, so never part of the body): one
    /// section per kind with each text and its length in characters, the figure ad and social tools limit.
    /// </summary>
    public static string VariantsPage(ContentFields fields)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>Marketing variants: ").Append(Encode(fields.Title)).Append("</title>\n")
            .Append("</head>\n<body>\n<h1>Marketing variants</h1>\n<p>For <strong>").Append(Encode(fields.H1)).Append("</strong></p>\n");
        foreach (var kind in fields.Variants.Select(v => v.Kind).Distinct(StringComparer.Ordinal))
        {
            html.Append("<section class=\"variants\" data-kind=\"").Append(Encode(kind)).Append("\">\n<h2>").Append(Encode(kind)).Append("</h2>\n<ol>\n");
            foreach (var variant in fields.Variants.Where(v => v.Kind == kind))
            {
                html.Append("<li>").Append(Encode(variant.Text)).Append(" <small>(").Append(variant.Text.Length).Append(" characters)</small></li>\n");
            }

            html.Append("</ol>\n</section>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }
}
