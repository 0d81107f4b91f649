using System.Globalization;

namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 ASCII digits followed by one unit (H M S m u n).</summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    internal static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        long amount = 0;
        foreach (var c in value[..^1])
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        // 99,999,999 hours still fits in a TimeSpan, so no unit can overflow here.
        timeout = value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * (TimeSpan.TicksPerMillisecond / 1000)),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => TimeSpan.MinValue,
        };
        return timeout != TimeSpan.MinValue;
    }

    /// <summary>Formats with the finest unit that fits in 8 digits; precision beyond that is dropped.</summary>
    internal static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        var micros = ticks / 10;
        if (micros <= MaxValue)
        {
            return Create(Math.Max(1, micros), 'u');
        }

        var millis = ticks / TimeSpan.TicksPerMillisecond;
        if (millis <= MaxValue)
        {
            return Create(millis, 'm');
        }

        var seconds = ticks / TimeSpan.TicksPerSecond;
        if (seconds <= MaxValue)
        {
            return Create(seconds, 'S');
        }

        var minutes = ticks / TimeSpan.TicksPerMinute;
        return minutes <= MaxValue ? Create(minutes, 'M') : Create(Math.Min(MaxValue, ticks / TimeSpan.TicksPerHour), 'H');
    }

    private static string Create(long amount, char unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount}{unit}");
}
