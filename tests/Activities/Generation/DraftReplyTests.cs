using System.Text.Json;
using ContentFlows.Activities.Generation;
using ContentFlows.Workflows.Pipelines;

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
        Assert.Empty(fields.Variants);
    }

    [Fact]
    public void Parse_VariantsAskedFor_KeepsTheCountPerKindAndDropsTheRest()
    {
        var fields = DraftReply.Parse(
            Reply("""[{"kind": "social-post", "text": "P1"}, {"kind": "headline", "text": "H1"}, {"kind": "ad-copy", "text": "A1"}, {"kind": "headline", "text": "H2"}, {"kind": "headline", "text": "H3"}]"""),
            [new VariantRequest(MarketingVariantKinds.Headline, 2), new VariantRequest(MarketingVariantKinds.SocialPost, 1)]);

        Assert.Equal([new("headline", "H1"), new("headline", "H2"), new MarketingVariant("social-post", "P1")], fields.Variants);
    }

    [Fact]
    public void ParseForRepair_TooFewVariants_ThrowsJsonExceptionNamingTheShortKind()
    {
        var error = Assert.Throws<JsonException>(() => DraftReply.ParseForRepair(
            Reply("""[{"kind": "headline", "text": "H1"}]"""),
            [new VariantRequest(MarketingVariantKinds.Headline, 3), new VariantRequest(MarketingVariantKinds.EmailSubject, 1)]));

        Assert.Equal("The generator's reply has too few variants: 1 of 3 headline, 0 of 1 email-subject; write the field variants with exactly the kinds and counts the task lists.", error.Message);
    }

    [Fact]
    public void Parse_UnknownKindAndEmptyText_ThrowsNamingEachVariant()
    {
        var error = Assert.Throws<FormatException>(() => DraftReply.Parse(Reply("""[{"kind": "tweet", "text": "T"}, {"kind": "headline", "text": " "}]""")));

        Assert.Contains("variants[0] has the unknown kind \"tweet\"; known: headline, social-post, ad-copy, email-subject.", error.Message, StringComparison.Ordinal);
        Assert.Contains("variants[1] (headline) has no text.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_StoredFieldsWithoutOrWithNullVariants_ReadAsNoneAndEqualByValue()
    {
        var old = JsonSerializer.Deserialize<ContentFields>("""{"title": "T", "metaDescription": "M", "h1": "H", "body": "B", "cta": "C"}""", PipelineJson.Options)!;
        var nulled = JsonSerializer.Deserialize<ContentFields>("""{"title": "T", "metaDescription": "M", "h1": "H", "body": "B", "cta": "C", "variants": null}""", PipelineJson.Options)!;
        var withVariant = new ContentFields("T", "M", "H", "B", "C") { Variants = [new("headline", "X")] };

        Assert.Empty(old.Variants);
        Assert.Empty(nulled.Variants);
        Assert.Equal(withVariant, JsonSerializer.Deserialize<ContentFields>(JsonSerializer.Serialize(withVariant, PipelineJson.Options), PipelineJson.Options));
        Assert.NotEqual(withVariant, old);
    }

    private static string Reply(string variants) => $$"""{"title": "T", "metaDescription": "M", "h1": "H", "body": "B", "cta": "C", "variants": {{variants}}}""";
}
