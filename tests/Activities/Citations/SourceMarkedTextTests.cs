using ContentFlows.Activities.Citations;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Tests.Citations;

public sealed class SourceMarkedTextTests
{
    [Fact]
    public void Split_MarkersBeforeAndAfterFullStops_CleanTextAndClaimsPerSentence()
    {
        var marked = Fields("Setup takes 10 minutes [S1]. It weighs 450 g. [S2, S3] No source here.\n\nBattery lasts 6 hours [S3][S1].");

        var (clean, claims) = SourceMarkedText.Split(marked);

        Assert.Equal("Setup takes 10 minutes. It weighs 450 g. No source here.\n\nBattery lasts 6 hours.", clean.Body);
        Assert.Equal("Acme Mesh Router", clean.Title);
        Assert.Equal(
            [("body", "Setup takes 10 minutes.", "S1"), ("body", "It weighs 450 g.", "S2,S3"), ("body", "Battery lasts 6 hours.", "S3,S1")],
            claims.Select(c => (c.Field, c.Claim, string.Join(",", c.Markers))));
    }

    [Fact]
    public void Mark_ThenSplit_RoundTripsTheClaims()
    {
        var (clean, claims) = SourceMarkedText.Split(Fields("Setup takes 10 minutes [S1]. It weighs 450 g [S2, S3]. Made in Berlin."));

        var remarked = SourceMarkedText.Mark(clean, claims);
        var (again, againClaims) = SourceMarkedText.Split(remarked);

        Assert.Equal("Setup takes 10 minutes [S1]. It weighs 450 g [S2, S3]. Made in Berlin.", remarked.Body);
        Assert.Equal(clean, again);
        Assert.Equal(claims.Select(c => (c.Field, c.Claim, string.Join(",", c.Markers))), againClaims.Select(c => (c.Field, c.Claim, string.Join(",", c.Markers))));
    }

    [Fact]
    public void Split_NoMarkers_KeepsTextAndHasNoClaims()
    {
        var fields = Fields("Plain text [not a marker]. S1 is a name.");

        var (clean, claims) = SourceMarkedText.Split(fields);

        Assert.Equal(fields, clean);
        Assert.Empty(claims);
    }

    private static ContentFields Fields(string body) => new("Acme Mesh Router", "Meta description.", "Acme Mesh Router", body, "Order today");
}
