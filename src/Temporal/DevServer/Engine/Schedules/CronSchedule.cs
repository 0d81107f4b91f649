using Temporalio.Api.Schedule.V1;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>
/// The <c>cron_schedule</c> of a workflow start, read as Temporal's history service reads it (robfig/cron's
/// standard parser): five fields, <c>@hourly</c>-style names, <c>@every &lt;duration&gt;</c>, an optional
/// <c>CRON_TZ=</c> prefix; day of month and day of week match either when both are restricted.
/// </summary>
internal sealed class CronSchedule
{
    private readonly TimeSpan? every;
    private readonly CompiledScheduleSpec? calendar;

    private CronSchedule(TimeSpan? every, CompiledScheduleSpec? calendar)
    {
        this.every = every;
        this.calendar = calendar;
    }

    /// <exception cref="FormatException">Not a cron schedule Temporal accepts.</exception>
    public static CronSchedule Parse(string cron)
    {
        var text = cron.Trim();
        var zone = string.Empty;
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                throw new FormatException("missing fields after the time zone");
            }

            zone = text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            text = text[(space + 1)..].Trim();
        }

        if (text.StartsWith("@every ", StringComparison.Ordinal))
        {
            var delay = ScheduleSpecParser.ParseGoDuration(text["@every ".Length..]);
            return new CronSchedule(delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay, null);
        }

        text = text switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => text,
        };
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"expected exactly 5 fields, found {fields.Length}: {cron}");
        }

        var dayOfMonth = fields[2] == "?" ? "*" : fields[2];
        var dayOfWeek = fields[4] == "?" ? "*" : fields[4];
        var spec = new ScheduleSpec { TimezoneName = zone };
        if (dayOfMonth.StartsWith('*') || dayOfWeek.StartsWith('*'))
        {
            spec.Calendar.Add(Calendar(fields, dayOfMonth, dayOfWeek));
        }
        else
        {
            // Both restricted: robfig/cron matches either, so the calendar is the union of two.
            spec.Calendar.Add(Calendar(fields, dayOfMonth, "*"));
            spec.Calendar.Add(Calendar(fields, "*", dayOfWeek));
        }

        return new CronSchedule(null, CompiledScheduleSpec.Compile(spec));
    }

    /// <summary>
    /// The delay before the next run's first workflow task, as Temporal computes it: the first cron time after
    /// <paramref name="scheduledTime"/> (the current run's execution time) not before <paramref name="now"/>,
    /// rounded up to whole seconds; null when no time remains.
    /// </summary>
    public TimeSpan? BackoffForNext(DateTimeOffset scheduledTime, DateTimeOffset now)
    {
        DateTimeOffset? next;
        if (now < scheduledTime)
        {
            next = scheduledTime;
        }
        else
        {
            next = Next(scheduledTime);
            while (next is { } n && n < now)
            {
                next = Next(n);
            }
        }

        return next is { } at ? TimeSpan.FromSeconds(Math.Ceiling((at - now).TotalSeconds)) : null;
    }

    private DateTimeOffset? Next(DateTimeOffset after)
    {
        if (every is { } delay)
        {
            // robfig/cron's constant delay: whole seconds, counted from the previous time.
            return DateTimeOffset.FromUnixTimeSeconds(after.ToUnixTimeSeconds()) + delay;
        }

        return calendar!.GetNextTime(string.Empty, after)?.Next;
    }

    private static CalendarSpec Calendar(string[] fields, string dayOfMonth, string dayOfWeek) => new()
    {
        Second = "0",
        Minute = fields[0],
        Hour = fields[1],
        DayOfMonth = dayOfMonth,
        Month = fields[3],
        DayOfWeek = dayOfWeek,
    };
}
