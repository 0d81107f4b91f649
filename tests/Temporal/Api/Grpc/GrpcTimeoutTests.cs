using ContentFlows.Temporal.Api.Grpc;

namespace ContentFlows.Temporal.Api.Tests.Grpc;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("70S", 700_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("15u", 150L)]
    [InlineData("1000n", 10L)]
    [InlineData("0n", 0L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)]
    public void TryParse_ValidValue_ReturnsTimeout(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    public void TryParse_InvalidValue_ReturnsFalse(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }
}
