using System.Text;
using ContentFlows.Activities.Research;

namespace ContentFlows.Activities.Tests.Research;

public sealed class SourceReaderTests
{
    // The body cap of the egress policy: the largest page a research fetch hands to the parser.
    private const int PageBytes = 5 * 1024 * 1024;

    [Theory]
    [InlineData("<script>")] // Unclosed scripts: quadratic for the regexes that stripped them before.
    [InlineData("<script>x</script><p>fact ")]
    [InlineData("<!--")]
    [InlineData("<p><b>")] // Nested formatting elements: millions of elements (and as deep) at the body cap.
    public async Task HtmlToText_HostilePageAtTheBodyCap_FinishesWithinTheDeadline(string unit)
    {
        var html = new StringBuilder("<html><body><p>The Acme Mesh Router covers 120 square metres.</p>");
        while (html.Length < PageBytes)
        {
            html.Append(unit);
        }

        var text = await Task.Run(() => SourceReader.HtmlToText(html.ToString())).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.StartsWith("The Acme Mesh Router covers 120 square metres.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlToText_BlocksInlinesAndIgnoredElements_OneLinePerBlockInDocumentOrder()
    {
        var text = SourceReader.HtmlToText("<html><body><h1>Title</h1><p>First <b>bold</b> line<script>x()</script></p><div><p>Nested</p> tail</div></body></html>");

        Assert.Equal("Title\nFirst bold line\nNested\ntail", text);
    }
}
