using System.Net;
using System.Text;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Publishing;

/// <summary>The HTML of a version's body as every channel publishes it: a paragraph per blank-line-separated block, then the call to action.</summary>
internal static class ContentHtml
{
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public static StringBuilder AppendBody(StringBuilder html, ContentFields fields)
    {
        foreach (var paragraph in fields.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>\n");
        }

        return html.Append("<p class=\"cta\">").Append(Encode(fields.Cta)).Append("</p>\n");
    }

    public static string Body(ContentFields fields) => AppendBody(new StringBuilder(), fields).ToString();
}
