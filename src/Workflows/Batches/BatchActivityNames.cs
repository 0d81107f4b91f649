namespace ContentFlows.Workflows.Batches;

/// <summary>The activity names the batch workflow calls; the activities live in ContentFlows.Activities.</summary>
public static class BatchActivityNames
{
    /// <summary>Creates the pipeline run rows of some units: <see cref="PrepareUnitsRequest"/> → list of <see cref="BatchItemTicket"/>.</summary>
    public const string PrepareUnits = "batch.prepare-units";

    /// <summary>Stores outcomes in the results table: <see cref="RecordResultsRequest"/> → <see cref="RecordedResults"/>.</summary>
    public const string RecordResults = "batch.record-results";
}
