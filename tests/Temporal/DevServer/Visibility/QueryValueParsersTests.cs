using ContentFlows.Temporal.DevServer.Visibility;

namespace ContentFlows.Temporal.DevServer.Tests.Visibility;

public sealed class QueryValueParsersTests
{
    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.0000000+00:00")]
    [InlineData("2024-01-02t03:04:05z", "2024-01-02T03:04:05.0000000+00:00")]
    [InlineData("2024-01-02 03:04:05Z", "2024-01-02T03:04:05.0000000+00:00")]
    [InlineData("2024-01-02T03:04:05.5Z", "2024-01-02T03:04:05.5000000+00:00")]
    [InlineData("2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.1234567+00:00")]
    [InlineData("2024-01-02T03:04:05+02:30", "2024-01-02T00:34:05.0000000+00:00")]
    [InlineData("2024-01-02T03:04:05-08:00", "2024-01-02T11:04:05.0000000+00:00")]
    [InlineData("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.0000000+00:00")]
    public void TryParseRfc3339_Valid_ReturnsInstant(string text, string expectedUtc)
    {
        Assert.True(QueryValueParsers.TryParseRfc3339(text, out var value));
        Assert.Equal(expectedUtc, value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-01-02")]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-01-02T03:04Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-02T25:00:00Z")]
    [InlineData("2024-01-02T03:04:05+2:00")]
    [InlineData("2024-01-02T03:04:05.Z")]
    [InlineData("yesterday")]
    public void TryParseRfc3339_Invalid_ReturnsFalse(string text) =>
        Assert.False(QueryValueParsers.TryParseRfc3339(text, out _));

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.0000000+00:00")]
    [InlineData(1_704_067_200_000_000_000L, "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData(1_704_067_200_123_456_789L, "2024-01-01T00:00:00.1234567+00:00")]
    [InlineData(-150L, "1969-12-31T23:59:59.9999998+00:00")]
    public void TryFromUnixNanos_ConvertsWithTickPrecision(long nanos, string expectedUtc)
    {
        Assert.True(QueryValueParsers.TryFromUnixNanos(nanos, out var value));
        Assert.Equal(expectedUtc, value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("10ns", 10L)]
    [InlineData("2us", 2_000L)]
    [InlineData("2µs", 2_000L)]
    [InlineData("300ms", 300_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("1m", 60_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("-1s", -1_000_000_000L)]
    [InlineData("01:30:00", 5_400_000_000_000L)]
    [InlineData("00:00:01.25", 1_250_000_000L)]
    [InlineData("100:00:00", 360_000_000_000_000L)]
    public void TryParseDuration_Valid_ReturnsNanoseconds(string text, long expected)
    {
        Assert.True(QueryValueParsers.TryParseDuration(text, out var nanos));
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1d")]
    [InlineData("h")]
    [InlineData("1h 30m")]
    [InlineData("00:60:00")]
    [InlineData("soon")]
    public void TryParseDuration_Invalid_ReturnsFalse(string text) =>
        Assert.False(QueryValueParsers.TryParseDuration(text, out _));
}
