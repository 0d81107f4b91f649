using Temporalio.Common;
using Temporalio.Workflows;

namespace ContentFlows.Workflows.Schedules;

/// <summary>
/// The action of a catalogue intake schedule: one activity imports the feed's rows whose key is new into a dataset
/// and starts a batch for them (both under an id chosen here, so retries repeat neither).
/// </summary>
[Workflow("CatalogueIntakeWorkflow")]
public sealed class CatalogueIntakeWorkflow
{
    /// <summary>Runs one intake action.</summary>
    /// <param name="input">The schedule's feed, key column, definition and languages.</param>
    /// <returns>What was imported and started.</returns>
    [WorkflowRun]
    public Task<CatalogueIntakeResult> RunAsync(CatalogueIntakeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scheduledAt = ScheduledTimes.NominalTimeOf(Workflow.Info.WorkflowId) ?? Workflow.UtcNow;
        return Workflow.ExecuteActivityAsync<CatalogueIntakeResult>(
            ScheduleActivityNames.ImportCatalogueFeed,
            [new CatalogueIntakeRequest(input, Workflow.NewGuid(), scheduledAt)],
            new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(10),
                RetryPolicy = new RetryPolicy { MaximumAttempts = 5, NonRetryableErrorTypes = [ScheduledRunErrorTypes.Refused] },
            });
    }
}
