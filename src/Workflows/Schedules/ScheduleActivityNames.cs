namespace ContentFlows.Workflows.Schedules;

/// <summary>The activity names the schedule workflows call.</summary>
public static class ScheduleActivityNames
{
    /// <summary>Stores the run row of a scheduled action and returns the pipeline's input.</summary>
    public const string PrepareScheduledRun = "prepare-scheduled-run";

    /// <summary>Imports a catalogue feed's new rows and starts their batch.</summary>
    public const string ImportCatalogueFeed = "import-catalogue-feed";
}
