using ContentFlows.Activities.Publishing;

namespace ContentFlows.Activities.Tests.Publishing;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Acme Mesh Router: mesh wifi for every room", "acme-mesh-router-mesh-wifi-for-every-room")]
    [InlineData("Café  Crème -- 2025!", "cafe-creme-2025")]
    [InlineData("???", "page")]
    public void From_Title_IsUrlSafe(string title, string expected) => Assert.Equal(expected, Slug.From(title));
}
