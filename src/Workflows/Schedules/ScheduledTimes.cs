using System.Globalization;

namespace ContentFlows.Workflows.Schedules;

/// <summary>Reads an action's nominal time from the workflow id a Temporal Schedule gives it.</summary>
public static class ScheduledTimes
{
    // Temporal appends the nominal time to the action's workflow id, "-2026-01-05T09:00:00Z", for scheduled, triggered and backfilled actions alike.
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const int FormattedLength = 20;

    /// <summary>Returns the nominal time (UTC) in <paramref name="workflowId"/>, or null when it carries none.</summary>
    public static DateTime? NominalTimeOf(string workflowId)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        return workflowId.Length > FormattedLength
            && DateTime.TryParseExact(workflowId[^FormattedLength..], Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var nominal)
            ? nominal
            : null;
    }
}
