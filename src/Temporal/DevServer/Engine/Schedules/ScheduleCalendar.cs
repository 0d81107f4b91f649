using Temporalio.Api.Schedule.V1;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>
/// A <see cref="StructuredCalendarSpec"/> compiled to bit sets, matched against wall-clock times of the
/// schedule's zone. As in Temporal, a time matches when every field matches (day of month AND day of week),
/// and an empty year list means every year.
/// </summary>
internal sealed class ScheduleCalendar
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    private readonly ulong seconds;
    private readonly ulong minutes;
    private readonly ulong hours;
    private readonly ulong daysOfMonth;
    private readonly ulong months;
    private readonly ulong daysOfWeek;
    private readonly HashSet<int>? years;

    public ScheduleCalendar(StructuredCalendarSpec spec)
    {
        seconds = Bits(spec.Second);
        minutes = Bits(spec.Minute);
        hours = Bits(spec.Hour);
        daysOfMonth = Bits(spec.DayOfMonth);
        months = Bits(spec.Month);
        daysOfWeek = Bits(spec.DayOfWeek);
        if (spec.Year.Count > 0)
        {
            years = [];
            Iterate(spec.Year, v => years.Add(v));
        }
    }

    public bool Matches(DateTime wall) =>
        YearMatches(wall.Year) && Has(months, wall.Month) && Has(daysOfMonth, wall.Day) && Has(daysOfWeek, (int)wall.DayOfWeek)
        && Has(hours, wall.Hour) && Has(minutes, wall.Minute) && Has(seconds, wall.Second);

    /// <summary>The first matching wall-clock time at or after <paramref name="from"/> (whole seconds), or null up to <see cref="MaxYear"/>.</summary>
    public DateTime? NextWallTime(DateTime from)
    {
        int y = from.Year, mo = from.Month, d = from.Day, h = from.Hour, mi = from.Minute, s = from.Second;
        while (y <= MaxYear)
        {
            if (!YearMatches(y))
            {
                (y, mo, d, h, mi, s) = (y + 1, 1, 1, 0, 0, 0);
                continue;
            }

            if (!Has(months, mo))
            {
                (mo, d, h, mi, s) = (mo + 1, 1, 0, 0, 0);
                if (mo > 12)
                {
                    (y, mo) = (y + 1, 1);
                }

                continue;
            }

            if (d > DateTime.DaysInMonth(y, mo))
            {
                (mo, d, h, mi, s) = (mo + 1, 1, 0, 0, 0);
                if (mo > 12)
                {
                    (y, mo) = (y + 1, 1);
                }

                continue;
            }

            if (!Has(daysOfMonth, d) || !Has(daysOfWeek, (int)new DateTime(y, mo, d).DayOfWeek))
            {
                (d, h, mi, s) = (d + 1, 0, 0, 0);
                continue;
            }

            if (h > 23 || !Has(hours, h))
            {
                if (h > 23)
                {
                    (d, h, mi, s) = (d + 1, 0, 0, 0);
                }
                else
                {
                    (h, mi, s) = (h + 1, 0, 0);
                }

                continue;
            }

            if (mi > 59 || !Has(minutes, mi))
            {
                if (mi > 59)
                {
                    (h, mi, s) = (h + 1, 0, 0);
                }
                else
                {
                    (mi, s) = (mi + 1, 0);
                }

                continue;
            }

            if (s > 59 || !Has(seconds, s))
            {
                if (s > 59)
                {
                    (mi, s) = (mi + 1, 0);
                }
                else
                {
                    s++;
                }

                continue;
            }

            return new DateTime(y, mo, d, h, mi, s, DateTimeKind.Unspecified);
        }

        return null;
    }

    private bool YearMatches(int year) => years is null || years.Contains(year);

    private static bool Has(ulong bits, int value) => value is >= 0 and < 64 && (bits & (1UL << value)) != 0;

    private static ulong Bits(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges)
    {
        ulong bits = 0;
        Iterate(ranges, v =>
        {
            if (v is >= 0 and < 64)
            {
                bits |= 1UL << v;
            }
        });
        return bits;
    }

    private static void Iterate(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, Action<int> add)
    {
        foreach (var range in ranges)
        {
            var step = range.Step <= 0 ? 1 : range.Step;
            var end = range.End < range.Start ? range.Start : range.End;
            for (var v = range.Start; v <= end; v += step)
            {
                add(v);
            }
        }
    }
}
