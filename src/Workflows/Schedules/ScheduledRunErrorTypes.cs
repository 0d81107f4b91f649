namespace ContentFlows.Workflows.Schedules;

/// <summary>The error types of a scheduled action that retrying cannot fix.</summary>
public static class ScheduledRunErrorTypes
{
    /// <summary>The schedule's definition is gone, is another project's, or no longer valid.</summary>
    public const string Refused = "ScheduledRunRefused";
}
