using ContentFlows.Activities.Intake;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;
using ContentFlows.Workflows.Schedules;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace ContentFlows.Activities.Schedules;

/// <summary>The activities of the schedule workflows.</summary>
public sealed class ScheduleActivities(PipelineRunLauncher launcher, CatalogueIntake intake)
{
    /// <summary>
    /// Renders the brief template for the action's time and stores the run row. The project named in the input is
    /// not taken on trust: only a definition of that project runs, whoever started the workflow.
    /// </summary>
    /// <param name="request">The schedule's input, the run id and the nominal time.</param>
    /// <returns>The pipeline's input.</returns>
    [Activity(ScheduleActivityNames.PrepareScheduledRun)]
    public async Task<PipelineInput> PrepareScheduledRunAsync(ScheduledRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schedule = request.Schedule;
        var brief = BriefTemplate.Render(schedule.BriefTemplate, request.ScheduledAt, schedule.TimeZone);
        try
        {
            return await launcher.PrepareAsync(schedule.ProjectId, schedule.DefinitionId, schedule.DefinitionVersion, brief, request.RunId, ActivityExecutionContext.Current.CancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException e)
        {
            throw new ApplicationFailureException($"Schedule \"{schedule.ScheduleName}\" names a definition its project does not have: {e.Message}", ScheduledRunErrorTypes.Refused, nonRetryable: true);
        }
        catch (PipelineDefinitionRejectedException e)
        {
            throw new ApplicationFailureException($"Schedule \"{schedule.ScheduleName}\": {e.Message}", ScheduledRunErrorTypes.Refused, nonRetryable: true);
        }
    }

    /// <summary>Imports a catalogue feed's rows with new keys into a dataset and starts a batch of them.</summary>
    /// <param name="request">The schedule's input, the intake id and the nominal time.</param>
    /// <returns>What was imported and started.</returns>
    [Activity(ScheduleActivityNames.ImportCatalogueFeed)]
    public async Task<CatalogueIntakeResult> ImportCatalogueFeedAsync(CatalogueIntakeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await intake.RunAsync(request, ActivityExecutionContext.Current.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or PipelineDefinitionRejectedException)
        {
            throw new ApplicationFailureException($"Intake \"{request.Intake.ScheduleName}\" cannot start its batch: {e.Message}", ScheduledRunErrorTypes.Refused, nonRetryable: true);
        }
    }
}
