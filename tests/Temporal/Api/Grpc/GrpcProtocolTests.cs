using ContentFlows.Temporal.Api.Grpc;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("plain message", "plain message")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("line1\nline2", "line1%0Aline2")]
    [InlineData("ok ✓", "ok %E2%9C%93")]
    public void EncodeMessage_Text_PercentEncodesPerSpec(string message, string expected)
    {
        Assert.Equal(expected, GrpcProtocol.EncodeMessage(message));
        Assert.Equal(message, GrpcProtocol.DecodeMessage(expected));
    }

    [Fact]
    public void DecodeMessage_MalformedEscape_KeepsItLiterally()
    {
        Assert.Equal("50%zz and %", GrpcProtocol.DecodeMessage("50%zz and %"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EncodeBinaryHeader_AnyLength_HasNoPaddingAndDecodes(int length)
    {
        var bytes = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();

        var encoded = GrpcProtocol.EncodeBinaryHeader(bytes);

        Assert.DoesNotContain('=', encoded);
        Assert.Equal(bytes, GrpcProtocol.DecodeBinaryHeader(encoded));
        Assert.Equal(bytes, GrpcProtocol.DecodeBinaryHeader(Convert.ToBase64String(bytes)));
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsGrpcContentType_Value_MatchesGrpcOnly(string? contentType, bool expected)
    {
        Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));
    }

    [Fact]
    public void Gunzip_OutputOverLimit_ReturnsNull()
    {
        var frame = GrpcProtocol.GzipFrame(new byte[10_000]);

        Assert.Null(GrpcProtocol.Gunzip(frame.AsMemory(5), maxSize: 9_999));
        using var inflated = GrpcProtocol.Gunzip(frame.AsMemory(5), maxSize: 10_000);
        Assert.Equal(10_000, inflated!.Length);
    }
}
