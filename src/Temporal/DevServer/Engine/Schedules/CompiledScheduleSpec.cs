using System.Text;
using Temporalio.Api.Schedule.V1;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>
/// A canonical <see cref="ScheduleSpec"/> ready to answer "when next?": the earliest second after a time
/// matched by an interval or calendar, not excluded, within start/end, then jittered deterministically
/// (never past the following nominal time), as Temporal's scheduler computes it.
/// </summary>
internal sealed class CompiledScheduleSpec
{
    private readonly ScheduleSpec spec;
    private readonly TimeZoneInfo zone;
    private readonly List<ScheduleCalendar> calendars;
    private readonly List<ScheduleCalendar> excludes;
    private readonly DateTimeOffset? startTime;
    private readonly DateTimeOffset? endTime;
    private readonly TimeSpan jitter;

    private CompiledScheduleSpec(ScheduleSpec spec, TimeZoneInfo zone)
    {
        this.spec = spec;
        this.zone = zone;
        calendars = spec.StructuredCalendar.Select(c => new ScheduleCalendar(c)).ToList();
        excludes = spec.ExcludeStructuredCalendar.Select(c => new ScheduleCalendar(c)).ToList();
        startTime = spec.StartTime?.ToDateTimeOffset();
        endTime = spec.EndTime?.ToDateTimeOffset();
        jitter = spec.Jitter?.ToTimeSpan() ?? TimeSpan.Zero;
    }

    /// <summary>Gets the canonical spec (structured calendars only), as Describe shows it.</summary>
    public ScheduleSpec Canonical => spec;

    /// <summary>Canonicalizes and compiles; throws <see cref="FormatException"/> with Temporal's wording when invalid.</summary>
    public static CompiledScheduleSpec Compile(ScheduleSpec spec)
    {
        var canonical = ScheduleSpecParser.Canonicalize(spec);
        return new CompiledScheduleSpec(canonical, LoadZone(canonical.TimezoneName));
    }

    /// <summary>The next action after <paramref name="after"/>: its nominal time and its time with jitter; null when none remains.</summary>
    public (DateTimeOffset Nominal, DateTimeOffset Next)? GetNextTime(string jitterSeed, DateTimeOffset after)
    {
        if (startTime is { } start && after < start.AddSeconds(-1))
        {
            after = start.AddSeconds(-1);
        }

        DateTimeOffset? nominal = null;
        for (var iterations = 0; nominal is null || Excluded(nominal.Value); iterations++)
        {
            if (iterations > 100_000)
            {
                return null;
            }

            nominal = RawNextTime(after);
            if (nominal is null || (endTime is { } end && nominal > end) || nominal.Value.Year > ScheduleCalendar.MaxYear)
            {
                return null;
            }

            after = nominal.Value;
        }

        var maxJitter = jitter;
        if (maxJitter > TimeSpan.Zero && RawNextTime(nominal.Value) is { } following && following - nominal.Value < maxJitter)
        {
            maxJitter = following - nominal.Value;
        }

        return (nominal.Value, nominal.Value + Jitter(jitterSeed, nominal.Value, maxJitter));
    }

    private static TimeZoneInfo LoadZone(string name)
    {
        if (string.IsNullOrEmpty(name) || name == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return name == "Local" ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"unknown time zone {name}", e);
        }
    }

    /// <summary>A fraction of <paramref name="max"/> chosen by hashing the nominal time and the seed, so every evaluation agrees.</summary>
    private static TimeSpan Jitter(string seed, DateTimeOffset nominal, TimeSpan max)
    {
        if (max <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // FNV-1a: stable across processes and restarts, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(nominal.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + seed))
        {
            hash = (hash ^ b) * 16777619u;
        }

        var ms = (ulong)Math.Min(max.TotalMilliseconds, uint.MaxValue);
        return TimeSpan.FromMilliseconds((long)((hash * ms) >> 32));
    }

    private bool Excluded(DateTimeOffset time)
    {
        if (excludes.Count == 0)
        {
            return false;
        }

        var wall = TimeZoneInfo.ConvertTime(time, zone).DateTime;
        return excludes.Any(e => e.Matches(wall));
    }

    private DateTimeOffset? RawNextTime(DateTimeOffset after)
    {
        DateTimeOffset? best = null;
        var seconds = after.ToUnixTimeSeconds();
        foreach (var interval in spec.Interval)
        {
            var every = Math.Max((long)interval.Interval.ToTimeSpan().TotalSeconds, 1);
            var phase = Math.Max((long)(interval.Phase?.ToTimeSpan().TotalSeconds ?? 0), 0);
            var next = DateTimeOffset.FromUnixTimeSeconds((((seconds - phase) / every) + 1) * every + phase);
            best = best is null || next < best ? next : best;
        }

        foreach (var calendar in calendars)
        {
            if (NextCalendarTime(calendar, after) is { } next && (best is null || next < best))
            {
                best = next;
            }
        }

        return best;
    }

    /// <summary>
    /// The first instant after <paramref name="after"/> whose wall-clock time in the zone matches. Wall times
    /// skipped by a DST jump never match; a repeated hour matches in both copies, as in Temporal.
    /// </summary>
    private DateTimeOffset? NextCalendarTime(ScheduleCalendar calendar, DateTimeOffset after)
    {
        var afterSecond = DateTimeOffset.FromUnixTimeSeconds(after.ToUnixTimeSeconds());
        var wall = TimeZoneInfo.ConvertTime(afterSecond, zone).DateTime;

        // Inside a repeated hour, earlier wall times can still map to later instants (the second copy).
        var from = zone.IsAmbiguousTime(wall) ? wall.AddHours(-2) : wall.AddSeconds(1);
        DateTimeOffset? best = null;
        DateTime? bestWall = null;
        while (calendar.NextWallTime(from) is { } candidate)
        {
            if (bestWall is { } limit && candidate > limit.AddHours(2))
            {
                break;
            }

            foreach (var instant in Instants(candidate))
            {
                if (instant > afterSecond && (best is null || instant < best))
                {
                    best = instant;
                    bestWall = candidate;
                }
            }

            if (best is not null && !zone.IsAmbiguousTime(candidate) && !zone.IsAmbiguousTime(best.Value))
            {
                break;
            }

            from = candidate.AddSeconds(1);
        }

        return best;
    }

    private IEnumerable<DateTimeOffset> Instants(DateTime wall)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            yield return new DateTimeOffset(wall, TimeSpan.Zero);
            yield break;
        }

        if (zone.IsInvalidTime(wall))
        {
            yield break;
        }

        if (zone.IsAmbiguousTime(wall))
        {
            foreach (var offset in zone.GetAmbiguousTimeOffsets(wall).OrderByDescending(o => o))
            {
                yield return new DateTimeOffset(wall, offset);
            }

            yield break;
        }

        yield return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
