using System.IO.Compression;
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
        Assert.Equal(message, Uri.UnescapeDataString(expected));
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
        Assert.Equal(bytes, Convert.FromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '=')));
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
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(new byte[10_000]);
        }

        Assert.Null(GrpcProtocol.Gunzip(compressed.ToArray(), maxSize: 9_999));
        using var inflated = GrpcProtocol.Gunzip(compressed.ToArray(), maxSize: 10_000);
        Assert.Equal(10_000, inflated!.Length);
    }
}
