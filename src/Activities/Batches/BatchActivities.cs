using Temporalio.Activities;
using ContentFlows.Workflows.Batches;

namespace ContentFlows.Activities.Batches;

/// <summary>The activities the batch workflow calls: page in units, record outcomes.</summary>
public sealed class BatchActivities(BatchStore batches)
{
    /// <summary>Creates the pipeline run rows of some units and returns them ready to start.</summary>
    [Activity(BatchActivityNames.PrepareUnits)]
    public Task<IReadOnlyList<BatchItemTicket>> PrepareUnitsAsync(PrepareUnitsRequest request) =>
        batches.PrepareUnitsAsync(request, ActivityExecutionContext.Current.CancellationToken);

    /// <summary>Stores outcomes in the results table and returns their LLM cost.</summary>
    [Activity(BatchActivityNames.RecordResults)]
    public async Task<RecordedResults> RecordResultsAsync(RecordResultsRequest request) =>
        new(await batches.RecordResultsAsync(request, ActivityExecutionContext.Current.CancellationToken).ConfigureAwait(false));
}
