using System.Globalization;
using System.Text.RegularExpressions;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>Parses the textual value forms Temporal accepts: RFC3339 timestamps and Go-style durations.</summary>
internal static partial class QueryValueParsers
{
    private const long NanosPerTick = 100;

    /// <summary>Parses RFC3339 with any number of fractional digits (beyond 100 ns they are truncated) and a Z or ±hh:mm offset.</summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Rfc3339Regex().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var ticks = fraction.Length == 0
            ? 0
            : long.Parse(fraction.PadRight(7, '0')[..7], NumberStyles.None, CultureInfo.InvariantCulture);
        var zone = match.Groups["zone"].Value;
        var offset = TimeSpan.Zero;
        if (zone is not ("Z" or "z"))
        {
            var hours = int.Parse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0);
            offset = zone[0] == '-' ? -offset : offset;
        }

        var basic = match.Groups["basic"].Value;
        if (!DateTime.TryParseExact(basic.Replace('t', 'T').Replace(' ', 'T'), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(local.AddTicks(ticks), offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Nanoseconds since the Unix epoch, as Temporal's int datetime literals are, to a timestamp (100 ns precision).</summary>
    public static bool TryFromUnixNanos(long nanos, out DateTimeOffset value)
    {
        var ticks = DateTimeOffset.UnixEpoch.UtcTicks + Math.DivRem(nanos, NanosPerTick, out var remainder) - (remainder < 0 ? 1 : 0);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            value = default;
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// Parses a duration to nanoseconds: Go's form ("1h30m", "1.5s", "300ms", "2us", "10ns") or
    /// "hh:mm:ss[.fff]", the two string forms Temporal accepts for ExecutionDuration.
    /// </summary>
    public static bool TryParseDuration(string text, out long nanos)
    {
        nanos = 0;
        var clock = ClockDurationRegex().Match(text);
        if (clock.Success)
        {
            var total = (decimal.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture) * 3600m)
                + (decimal.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture) * 60m)
                + decimal.Parse(clock.Groups["s"].Value, CultureInfo.InvariantCulture);
            return TryToNanos(total * 1_000_000_000m, out nanos);
        }

        if (!GoDurationRegex().IsMatch(text))
        {
            return false;
        }

        var sum = 0m;
        foreach (Match part in GoDurationPartRegex().Matches(text))
        {
            var amount = decimal.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            sum += amount * part.Groups["unit"].Value switch
            {
                "h" => 3_600_000_000_000m,
                "m" => 60_000_000_000m,
                "s" => 1_000_000_000m,
                "ms" => 1_000_000m,
                "us" or "µs" => 1_000m,
                _ => 1m,
            };
        }

        return TryToNanos(text.StartsWith('-') ? -sum : sum, out nanos);
    }

    private static bool TryToNanos(decimal value, out long nanos)
    {
        nanos = 0;
        if (value > long.MaxValue || value < long.MinValue)
        {
            return false;
        }

        nanos = (long)decimal.Truncate(value);
        return true;
    }

    [GeneratedRegex(@"^(?<basic>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d+))?(?<zone>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Regex();

    [GeneratedRegex(@"^(?<h>\d+):(?<m>[0-5]\d):(?<s>[0-5]\d(?:\.\d+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockDurationRegex();

    [GeneratedRegex(@"^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:h|m|s|ms|us|µs|ns))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationRegex();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d*)?|\.\d+)(?<unit>ms|us|µs|ns|h|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationPartRegex();
}
