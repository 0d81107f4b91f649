using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;
using Range = Temporalio.Api.Schedule.V1.Range;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>
/// Turns a <see cref="ScheduleSpec"/> into its canonical form as Temporal's frontend does: calendar and cron
/// strings become structured calendars (<c>@every</c> becomes an interval, <c>CRON_TZ=</c> the time zone),
/// then every range and interval is validated. Errors carry Temporal's wording.
/// </summary>
internal static class ScheduleSpecParser
{
    private static readonly string[] MonthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private enum Mode
    {
        Int,
        Year,
        Month,
        DayOfWeek,
    }

    /// <exception cref="FormatException">The spec is invalid; the message says why.</exception>
    public static ScheduleSpec Canonicalize(ScheduleSpec input)
    {
        var spec = input.Clone();
        foreach (var calendar in spec.Calendar)
        {
            spec.StructuredCalendar.Add(ToStructured(calendar));
        }

        spec.Calendar.Clear();
#pragma warning disable CS0612 // Deprecated in the API, still sent by older clients.
        foreach (var calendar in spec.ExcludeCalendar)
        {
            spec.ExcludeStructuredCalendar.Add(ToStructured(calendar));
        }

        spec.ExcludeCalendar.Clear();
#pragma warning restore CS0612
        string? cronZone = null;
        var first = true;
        foreach (var cron in spec.CronString)
        {
            var (structured, interval, zone) = ParseCronString(cron);
            if (!first && zone != cronZone)
            {
                throw new FormatException("conflicting timezone names");
            }

            first = false;
            cronZone = zone;
            if (structured is not null)
            {
                spec.StructuredCalendar.Add(structured);
            }

            if (interval is not null)
            {
                spec.Interval.Add(interval);
            }
        }

        spec.CronString.Clear();
        if (!string.IsNullOrEmpty(cronZone))
        {
            if ((spec.TimezoneName.Length > 0 && spec.TimezoneName != cronZone) || !spec.TimezoneData.IsEmpty)
            {
                throw new FormatException("conflicting timezone names");
            }

            spec.TimezoneName = cronZone;
        }

        foreach (var structured in spec.StructuredCalendar.Concat(spec.ExcludeStructuredCalendar))
        {
            Validate(structured);
        }

        foreach (var interval in spec.Interval)
        {
            var every = interval.Interval?.ToTimeSpan() ?? TimeSpan.Zero;
            var phase = interval.Phase?.ToTimeSpan() ?? TimeSpan.Zero;
            if (every < TimeSpan.FromSeconds(1))
            {
                throw new FormatException("interval is too small");
            }

            if (phase < TimeSpan.Zero)
            {
                throw new FormatException("phase is negative");
            }

            if (phase >= every)
            {
                throw new FormatException("phase cannot be greater than Interval");
            }
        }

        return spec;
    }

    /// <summary>Parses one cron string: 5, 6 (with year) or 7 (with seconds first) fields, <c>@hourly</c>-style names, <c>@every 1h/5m</c>, <c>CRON_TZ=</c> and a <c>#</c> comment.</summary>
    public static (StructuredCalendarSpec? Calendar, IntervalSpec? Interval, string Zone) ParseCronString(string cron)
    {
        var c = cron.Trim();
        var zone = string.Empty;
        if (c.StartsWith("TZ=", StringComparison.Ordinal) || c.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = c.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                throw new FormatException("CronString has time zone but missing fields");
            }

            zone = c[(c.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            c = c[(space + 1)..];
        }

        var comment = string.Empty;
        var hash = c.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            comment = c[(hash + 1)..].Trim();
            c = c[..hash];
        }

        c = c.Trim();
        if (c.StartsWith("@every", StringComparison.Ordinal))
        {
            var parts = c.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length < 2)
            {
                throw new FormatException("CronString does not have interval after @every");
            }

            var everyAndPhase = parts[1].Split('/', 2);
            var interval = new IntervalSpec { Interval = Duration.FromTimeSpan(ParseGoDuration(everyAndPhase[0])) };
            if (everyAndPhase.Length == 2 && everyAndPhase[1].Length > 0)
            {
                interval.Phase = Duration.FromTimeSpan(ParseGoDuration(everyAndPhase[1]));
            }

            return (null, interval, string.Empty);
        }

        c = c switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => c,
        };
        var fields = c.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var calendar = new CalendarSpec { Comment = comment };
        switch (fields.Length)
        {
            case 5:
                (calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
                break;
            case 6:
                (calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek, calendar.Year) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
                break;
            case 7:
                (calendar.Second, calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek, calendar.Year) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
                break;
            default:
                throw new FormatException("CronString does not have 5-7 fields");
        }

        return (ToStructured(calendar), null, zone);
    }

    /// <summary>Go's time.ParseDuration units (ns to h) plus <c>d</c> for days, as Temporal's parser accepts.</summary>
    public static TimeSpan ParseGoDuration(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            throw new FormatException($"invalid duration \"{text}\"");
        }

        double totalSeconds = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"invalid duration \"{text}\"");
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]) || i < s.Length && s[i] == 'µ')
            {
                i++;
            }

            totalSeconds += s[unitStart..i] switch
            {
                "ns" => value / 1e9,
                "us" or "µs" => value / 1e6,
                "ms" => value / 1e3,
                "s" => value,
                "m" => value * 60,
                "h" => value * 3600,
                "d" => value * 86400,
                _ => throw new FormatException($"unknown unit in duration \"{text}\""),
            };
        }

        return TimeSpan.FromSeconds(totalSeconds);
    }

    private static StructuredCalendarSpec ToStructured(CalendarSpec calendar)
    {
        var errors = new List<string>();
        var structured = new StructuredCalendarSpec { Comment = calendar.Comment };
        structured.Second.AddRange(RangesOrNone(calendar.Second, "Second", "0", 0, 59, Mode.Int, errors));
        structured.Minute.AddRange(RangesOrNone(calendar.Minute, "Minute", "0", 0, 59, Mode.Int, errors));
        structured.Hour.AddRange(RangesOrNone(calendar.Hour, "Hour", "0", 0, 23, Mode.Int, errors));
        structured.DayOfWeek.AddRange(RangesOrNone(calendar.DayOfWeek, "DayOfWeek", "*", 0, 7, Mode.DayOfWeek, errors));
        structured.DayOfMonth.AddRange(RangesOrNone(calendar.DayOfMonth, "DayOfMonth", "*", 1, 31, Mode.Int, errors));
        structured.Month.AddRange(RangesOrNone(calendar.Month, "Month", "*", 1, 12, Mode.Month, errors));
        structured.Year.AddRange(RangesOrNone(calendar.Year, "Year", "*", ScheduleCalendar.MinYear, ScheduleCalendar.MaxYear, Mode.Year, errors));
        if (errors.Count > 0)
        {
            throw new FormatException(string.Join(", ", errors));
        }

        return structured;
    }

    private static List<Range> RangesOrNone(string text, string field, string fallback, int min, int max, Mode mode, List<string> errors)
    {
        try
        {
            return ParseRanges(text, field, fallback, min, max, mode);
        }
        catch (FormatException e)
        {
            errors.Add(e.Message);
            return [];
        }
    }

    private static List<Range> ParseRanges(string text, string field, string fallback, int min, int max, Mode mode)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            s = fallback;
        }

        var ranges = new List<Range>();
        if (s == "*" && mode == Mode.Year)
        {
            return ranges;
        }

        foreach (var rawPart in s.Split(','))
        {
            var part = rawPart;
            var step = 1;
            var hasStep = false;
            var slashes = part.Count(ch => ch == '/');
            if (slashes > 1)
            {
                throw new FormatException($"{field} has too many slashes");
            }

            if (slashes == 1)
            {
                var pieces = part.Split('/', 2);
                if (pieces[1].Length == 0)
                {
                    throw new FormatException($"{field} missing step value");
                }

                if (!int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    throw new FormatException($"{field} has invalid Step");
                }

                part = pieces[0];
                hasStep = true;
            }

            int start = min, end = max;
            if (part != "*")
            {
                if (part.Contains('-', StringComparison.Ordinal))
                {
                    var bounds = part.Split('-');
                    if (bounds.Length != 2)
                    {
                        throw new FormatException($"{field} has too many dashes");
                    }

                    start = ParseValue(bounds[0], min, max, mode) ?? throw new FormatException($"{field} Start is not in range [{min}-{max}]");
                    end = ParseValue(bounds[1], start, max, mode) ?? throw new FormatException($"{field} End is before Start or not in range [{min}-{max}]");
                }
                else
                {
                    start = ParseValue(part, min, max, mode) ?? throw new FormatException($"{field} is not in range [{min}-{max}]");
                    if (!hasStep)
                    {
                        end = start;
                    }
                }
            }

            // Sunday may be written 7; ranges reaching it are folded onto 0-6 as Temporal does.
            if (mode == Mode.DayOfWeek && end == 7)
            {
                if ((7 - start) % step == 0 && (step > 1 || start > 1))
                {
                    ranges.Add(new Range { Start = 0 });
                    if (start == 7)
                    {
                        continue;
                    }
                }

                end = 6;
            }

            ranges.Add(new Range { Start = start, End = start == end ? 0 : end, Step = step == 1 ? 0 : step });
        }

        return ranges;
    }

    private static int? ParseValue(string text, int min, int max, Mode mode)
    {
        var s = text.Trim();
        if (mode == Mode.Month && s.Length >= 3)
        {
            var index = Array.FindIndex(MonthNames, n => n.StartsWith(s, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + 1 >= min && index + 1 <= max ? index + 1 : null;
            }
        }
        else if (mode == Mode.DayOfWeek && s.Length >= 2)
        {
            var index = Array.FindIndex(DayNames, n => n.StartsWith(s, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index >= min && index <= max ? index : null;
            }
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }

    private static void Validate(StructuredCalendarSpec calendar)
    {
        var errors = new List<string>();
        Check(calendar.Second, "Second", 0, 59);
        Check(calendar.Minute, "Minute", 0, 59);
        Check(calendar.Hour, "Hour", 0, 23);
        Check(calendar.DayOfMonth, "DayOfMonth", 1, 31);
        Check(calendar.Month, "Month", 1, 12);
        Check(calendar.Year, "Year", ScheduleCalendar.MinYear, ScheduleCalendar.MaxYear);
        Check(calendar.DayOfWeek, "DayOfWeek", 0, 6);
        if (calendar.Comment.Length > 200)
        {
            errors.Add("comment is too long");
        }

        if (errors.Count > 0)
        {
            throw new FormatException("invalid calendar spec: " + string.Join(", ", errors));
        }

        void Check(IEnumerable<Range> ranges, string field, int min, int max)
        {
            foreach (var r in ranges)
            {
                if (r.Start < min || r.Start > max)
                {
                    errors.Add($"{field} Start is not in range [{min}-{max}]");
                }

                if (r.End != 0 && (r.End < r.Start || r.End > max))
                {
                    errors.Add($"{field} End is before Start or not in range [{min}-{max}]");
                }

                if (r.Step < 0)
                {
                    errors.Add($"{field} has invalid Step");
                }
            }
        }
    }
}
