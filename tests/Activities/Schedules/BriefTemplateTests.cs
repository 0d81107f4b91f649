using ContentFlows.Activities.Schedules;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Tests.Schedules;

/// <summary>Filling a schedule's brief template with an action's nominal time in the schedule's zone.</summary>
public sealed class BriefTemplateTests
{
    private static readonly ContentBrief Template = new("Digest for {date}", "readers of {date}", "newsletter", "en", ["news {date}", "at {time}"], "Week of {date}, {time}.");

    [Fact]
    public void Render_LateEveningUtcInBerlin_TakesTheNextDayAndLocalTime()
    {
        var brief = BriefTemplate.Render(Template, new DateTime(2026, 12, 6, 23, 30, 0, DateTimeKind.Utc), "Europe/Berlin");

        Assert.Equal("Digest for 2026-12-07", brief.Topic);
        Assert.Equal(["news 2026-12-07", "at 00:30"], brief.Keywords);
        Assert.Equal("Week of 2026-12-07, 00:30.", brief.SourceText);

        // Only the topic, keywords and source text are templates.
        Assert.Equal("readers of {date}", brief.Audience);
    }

    [Fact]
    public void Render_NoZone_ReadsTheTimeAsUtc()
    {
        var brief = BriefTemplate.Render(Template, new DateTime(2026, 7, 1, 6, 5, 0, DateTimeKind.Utc), string.Empty);

        Assert.Equal(("Digest for 2026-07-01", "Week of 2026-07-01, 06:05."), (brief.Topic, brief.SourceText));
    }

    [Fact]
    public void Render_SummerTimeInNewYork_UsesTheDaylightOffset()
    {
        var brief = BriefTemplate.Render(Template, new DateTime(2026, 7, 1, 13, 0, 0, DateTimeKind.Utc), "America/New_York");

        Assert.Equal("Week of 2026-07-01, 09:00.", brief.SourceText);
    }
}
