using ContentFlows.Workflows.Schedules;

namespace ContentFlows.Workflows.Tests.Schedules;

/// <summary>The nominal time Temporal Schedules append to their actions' workflow ids.</summary>
public sealed class ScheduledTimesTests
{
    [Fact]
    public void NominalTimeOf_ScheduledActionId_ReturnsTheUtcTime()
    {
        var nominal = ScheduledTimesOf("cf-0b6c1f2e-weekly-2026-01-05T09:00:00Z");

        Assert.Equal(new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), nominal);
        Assert.Equal(DateTimeKind.Utc, nominal!.Value.Kind);
    }

    [Theory]
    [InlineData("pipeline-0b6c1f2e")]
    [InlineData("2026-01-05T09:00:00Z")]
    [InlineData("cf-x-weekly-2026-13-05T09:00:00Z")]
    [InlineData("cf-x-weekly-2026-01-05T09:00:00+01")]
    [InlineData("")]
    public void NominalTimeOf_IdWithoutANominalTime_ReturnsNull(string workflowId)
    {
        Assert.Null(ScheduledTimesOf(workflowId));
    }

    private static DateTime? ScheduledTimesOf(string workflowId) => ScheduledTimes.NominalTimeOf(workflowId);
}
