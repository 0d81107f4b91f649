using System.Globalization;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Schedules;

/// <summary>
/// Fills a schedule's brief template for one action: <c>{date}</c> (yyyy-MM-dd) and <c>{time}</c> (HH:mm) become the
/// action's nominal time in the schedule's time zone, so a backfilled Monday digest says Monday, not today.
/// </summary>
public static class BriefTemplate
{
    /// <summary>The placeholder of the date.</summary>
    public const string Date = "{date}";

    /// <summary>The placeholder of the time of day.</summary>
    public const string Time = "{time}";

    /// <summary>Returns the brief with the placeholders of its topic, keywords and source text filled.</summary>
    /// <param name="template">The template.</param>
    /// <param name="scheduledAt">The nominal time (UTC).</param>
    /// <param name="timeZone">An IANA time zone id; UTC when empty.</param>
    public static ContentBrief Render(ContentBrief template, DateTime scheduledAt, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(template);
        var zone = string.IsNullOrEmpty(timeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(scheduledAt, DateTimeKind.Utc), zone);
        var date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        string Fill(string text) => text.Replace(Date, date, StringComparison.Ordinal).Replace(Time, time, StringComparison.Ordinal);
        return template with
        {
            Topic = Fill(template.Topic),
            SourceText = Fill(template.SourceText),
            Keywords = template.Keywords.Select(Fill).ToList(),
        };
    }
}
