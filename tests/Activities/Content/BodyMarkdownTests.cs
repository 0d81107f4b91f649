using AngleSharp.Html.Parser;
using ContentFlows.Activities.Content;

namespace ContentFlows.Activities.Tests.Content;

public sealed class BodyMarkdownTests
{
    private const string LongForm = """
        # Choosing a router

        Intro paragraph with **bold** text.

        ## Coverage

        - Covers 120 square metres.
        - Three bands.

        1. Unpack it.
        2. Plug it in.

        | Model | Range |
        |:------|------:|
        | Mesh  | 120 m² |
        """;

    [Fact]
    public void ToHtml_HeadingsListsAndTable_RealElementsAndTheBodyH1BecomesH2()
    {
        var document = new HtmlParser().ParseDocument(BodyMarkdown.ToHtml(LongForm));

        Assert.Empty(document.QuerySelectorAll("h1"));
        Assert.Equal(["Choosing a router", "Coverage"], document.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Equal(["Covers 120 square metres.", "Three bands."], document.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        Assert.Equal(["Unpack it.", "Plug it in."], document.QuerySelectorAll("ol > li").Select(li => li.TextContent));
        Assert.Equal(["Model", "Range"], document.QuerySelectorAll("table thead th").Select(th => th.TextContent));
        Assert.Equal(["Mesh", "120 m²"], document.QuerySelectorAll("table tbody td").Select(td => td.TextContent));
        Assert.Equal("text-align: right", document.QuerySelectorAll("table tbody td")[1].GetAttribute("style")?.TrimEnd(';'));
        Assert.Equal("bold", document.QuerySelector("p > strong")?.TextContent);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Text <img src=x onerror=alert(1)> more")]
    [InlineData("<div onclick=\"alert(1)\">x</div>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    public void ToHtml_RawHtml_ShownAsTextNeverAsElements(string markdown)
    {
        var html = BodyMarkdown.ToHtml(markdown);
        var document = new HtmlParser().ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("script, img, div, iframe, [onerror], [onclick]"));
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click](vbscript:msgbox)")]
    public void ToHtml_ScriptLink_LosesItsTarget(string markdown)
    {
        var document = new HtmlParser().ParseDocument(BodyMarkdown.ToHtml(markdown));

        var link = document.QuerySelector("a");
        Assert.Equal("click", document.Body!.TextContent.Trim());
        Assert.Null(link?.GetAttribute("href"));
    }

    [Fact]
    public void ToHtml_HttpsLinkAndImage_LinkKeptImageDropped()
    {
        var document = new HtmlParser().ParseDocument(BodyMarkdown.ToHtml("See [the guide](https://acme.example/guide). ![pixel](https://tracker.example/p.gif)"));

        Assert.Equal("https://acme.example/guide", document.QuerySelector("a")?.GetAttribute("href"));
        Assert.Empty(document.QuerySelectorAll("img"));
    }

    [Fact]
    public void ToHtml_FlatParagraphs_OneParagraphEachAsBefore()
    {
        var document = new HtmlParser().ParseDocument(BodyMarkdown.ToHtml("First paragraph.\n\nSecond & last."));

        Assert.Equal(["First paragraph.", "Second & last."], document.QuerySelectorAll("p").Select(p => p.TextContent));
    }

    [Fact]
    public void ToPlainText_LongForm_NoMarkdownSyntaxLeft()
    {
        var text = BodyMarkdown.ToPlainText(LongForm);

        Assert.DoesNotContain("#", text, StringComparison.Ordinal);
        Assert.DoesNotContain("|", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1.", text, StringComparison.Ordinal);
        Assert.Contains("Covers 120 square metres.", text, StringComparison.Ordinal);
    }
}
