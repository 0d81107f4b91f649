using System.Text.Json;
using ContentFlows.Activities.Generation;

namespace ContentFlows.Activities.Tests.Generation;

public sealed class DraftReplyTests
{
    [Fact]
    public void Parse_FieldAbsentAndFieldBlank_ThrowsNamingEachAndHowItIsWrong()
    {
        var error = Assert.Throws<FormatException>(() => DraftReply.Parse("{\"metaDescription\": \"  \", \"h1\": \"Acme\", \"body\": \"Text.\", \"cta\": \"Go\"}"));

        Assert.Equal("The generator's reply lacks title and leaves metaDescription empty; title, metaDescription, h1 and body must all be written.", error.Message);
    }

    [Fact]
    public void ParseForRepair_BlankBody_ThrowsJsonExceptionTheRepairPromptCanQuote()
    {
        var error = Assert.Throws<JsonException>(() => DraftReply.ParseForRepair("{\"title\": \"T\", \"metaDescription\": \"M\", \"h1\": \"H\", \"body\": \"\"}"));

        Assert.Equal("The generator's reply leaves body empty; title, metaDescription, h1 and body must all be written.", error.Message);
    }

    [Fact]
    public void Parse_CompleteReplyWithoutCta_ReturnsFieldsWithEmptyCta()
    {
        var fields = DraftReply.Parse("```json\n{\"title\": \"T\", \"metaDescription\": \"M\", \"h1\": \"H\", \"body\": \"B\"}\n```");

        Assert.Equal(("T", "M", "H", "B", string.Empty), (fields.Title, fields.MetaDescription, fields.H1, fields.Body, fields.Cta));
    }
}
