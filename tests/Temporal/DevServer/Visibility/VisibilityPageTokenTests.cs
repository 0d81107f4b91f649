using ContentFlows.Temporal.DevServer.Visibility;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

public sealed class VisibilityPageTokenTests
{
    [Fact]
    public void ToBytes_ThenParse_RoundTrips()
    {
        var token = new VisibilityPageToken(1000, 123_456_789_012L, "run-ü-1");

        Assert.Equal(token, VisibilityPageToken.Parse(token.ToBytes()));
    }

    [Fact]
    public void Parse_Empty_IsFirstPage() =>
        Assert.True(VisibilityPageToken.Parse([]).IsFirstPage);

    [Theory]
    [InlineData(new byte[] { 2, 2, 3 })]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 255, 255, 255, 255, 1, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xFF })]
    public void Parse_Garbage_Throws(byte[] token)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityPageToken.Parse(token));
        Assert.Equal("invalid page token", error.Message);
    }
}
