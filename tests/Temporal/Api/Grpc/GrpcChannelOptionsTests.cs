using ContentFlows.Temporal.Api.Grpc;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

public sealed class GrpcChannelOptionsTests
{
    [Fact]
    public void Constructor_Empty_HasDocumentedDefaults()
    {
        var options = new GrpcChannelOptions();

        Assert.False(options.CompressRequests);
        Assert.Equal(128 * 1024 * 1024, options.MaxReceiveMessageSize);
        Assert.Empty(options.Headers);
        Assert.Null(options.HttpHandler);
    }

    [Fact]
    public void ForAddress_NegativeMaxReceiveMessageSize_ThrowsNamingPropertyAndValue()
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = -1 };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => GrpcChannel.ForAddress(new Uri("http://localhost:7233"), options));

        Assert.Equal(nameof(GrpcChannelOptions.MaxReceiveMessageSize), exception.ParamName);
        Assert.Contains("-1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForAddress_KeepAliveUnderOneSecond_ThrowsNamingProperty()
    {
        var options = new GrpcChannelOptions { KeepAlivePingDelay = TimeSpan.FromMilliseconds(10) };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => GrpcChannel.ForAddress(new Uri("http://localhost:7233"), options));

        Assert.Equal(nameof(GrpcChannelOptions.KeepAlivePingDelay), exception.ParamName);
    }

    [Theory]
    [InlineData("grpc-timeout")]
    [InlineData("content-type")]
    [InlineData("Authorization")]
    public void ForAddress_ReservedOrUpperCaseHeader_ThrowsNamingHeader(string name)
    {
        var options = new GrpcChannelOptions(new Dictionary<string, string> { [name] = "x" });

        var exception = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress(new Uri("http://localhost:7233"), options));

        Assert.Contains(name, exception.Message, StringComparison.Ordinal);
        Assert.Equal("GrpcChannelOptions.Headers", exception.ParamName);
    }
}
