using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Stages;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Pipelines;

/// <summary>Submits a run: checks the pinned definition, stores the run row, then starts its workflow.</summary>
public sealed class PipelineRunLauncher(
    ITemporalClient client,
    ProjectStore projects,
    PipelineDefinitionStore definitions,
    PipelineRunStore runs,
    PipelineStageStore stageRuns,
    StageTypeRegistry stageTypes,
    PublicationScheduleStore publicationSchedules,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Starts a retry of a run that ended without finishing: a new run, linked to <paramref name="original"/>, that starts at
    /// the first stage that did not finish and reuses the stored outputs of the stages before it (copied to the new run),
    /// so they are neither run nor paid for again.
    /// </summary>
    /// <param name="original">The failed (terminated, timed-out, cancelled) run.</param>
    /// <param name="taskQueue">The workers' task queue.</param>
    /// <param name="cancellationToken">Stops the submission.</param>
    public async Task<WorkflowHandle<PipelineWorkflow, PipelineResult>> StartRetryAsync(PipelineRun original, string taskQueue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        var definition = await definitions.GetAsync(original.DefinitionId, original.DefinitionVersion, cancellationToken).ConfigureAwait(false);
        var executions = await stageRuns.ListAsync(original.Id, cancellationToken).ConfigureAwait(false);

        // The first stage with a failed (or unfinished) execution, else the first the run never reached.
        var unfinished = executions.Where(e => e.Status != "done").Select(e => e.StageIndex).DefaultIfEmpty(int.MaxValue).Min();
        var reached = executions.Select(e => e.StageIndex).DefaultIfEmpty(-1).Max() + 1;
        var from = Math.Min(Math.Min(unfinished, reached), definition.Stages.Count);
        var reused = executions
            .Where(e => e.StageIndex < from && e.Status == "done" && e.Outcome is not null)
            .Select(e => new ReusedStageOutcome(e.StageIndex, e.Round, e.Outcome!))
            .ToList();

        var id = Guid.CreateVersion7(timeProvider.GetUtcNow());
        var workflowId = $"pipeline-{id:N}";
        await runs.CreateAsync(
            new PipelineRun(id, original.ProjectId, original.DefinitionId, original.DefinitionVersion, workflowId, original.Brief, PipelineRunState.Running, null, null)
            {
                RetryOf = original.Id,
                RetryFromStage = from,

                // A retry finishes the original run: with the settings it started with.
                SettingsVersion = original.SettingsVersion,
            },
            cancellationToken).ConfigureAwait(false);
        await runs.CopyForRetryAsync(original.Id, id, from, cancellationToken).ConfigureAwait(false);
        var input = new PipelineInput(original.ProjectId, id, definition, original.Brief, TranslateFrom: null, Retry: new RetrySeed(original.Id, from, reused));

        // The retry keeps the original's publication times; a time already past publishes as the stage is reached.
        var schedule = (await publicationSchedules.ListForRunAsync(original.Id, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Status == PublicationScheduleStatuses.Scheduled)
            .ToDictionary(e => e.Channel, e => e.PublishAt, StringComparer.Ordinal);
        foreach (var (channel, at) in schedule)
        {
            await publicationSchedules.SetAsync(original.ProjectId, id, channel, at, cancellationToken).ConfigureAwait(false);
        }

        if (schedule.Count > 0)
        {
            input = input with { PublishAt = schedule };
        }
        return await client.StartWorkflowAsync(
            (PipelineWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(workflowId, taskQueue)
            {
                IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            }).ConfigureAwait(false);
    }

    /// <summary>Starts a run of a stored definition version on <paramref name="taskQueue"/>.</summary>
    /// <param name="projectId">The run's project.</param>
    /// <param name="definitionId">The definition to run.</param>
    /// <param name="definitionVersion">The version pinned for the whole run.</param>
    /// <param name="brief">What to write.</param>
    /// <param name="taskQueue">The workers' task queue.</param>
    /// <param name="cancellationToken">Stops the submission.</param>
    /// <param name="runId">
    /// The run's id when the caller fixed it (e.g. derived from an Idempotency-Key): starting the same id again is
    /// harmless — the stored row and the running (or finished) workflow are kept, never doubled. Null makes a new id.
    /// </param>
    /// <param name="publishAt">When the publish stage publishes to each named channel (the names its channels are scheduled by); null or empty: as it is reached.</param>
    /// <exception cref="PipelineDefinitionRejectedException">The definition is not valid with the registered stage types.</exception>
    /// <exception cref="ArgumentException"><paramref name="publishAt"/> names a channel no publish stage of the definition has.</exception>
    public async Task<WorkflowHandle<PipelineWorkflow, PipelineResult>> StartAsync(
        Guid projectId,
        Guid definitionId,
        int definitionVersion,
        ContentBrief brief,
        string taskQueue,
        CancellationToken cancellationToken,
        Guid? runId = null,
        IReadOnlyDictionary<string, DateTimeOffset>? publishAt = null)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var promptProblems = StagePrompts.Validate(brief.Prompts, "brief.prompts");
        if (promptProblems.Count > 0)
        {
            throw new ArgumentException($"The brief's prompt overrides are not valid: {string.Join(" ", promptProblems)}", nameof(brief));
        }

        var id = runId ?? Guid.CreateVersion7(timeProvider.GetUtcNow());
        var input = await PrepareAsync(projectId, definitionId, definitionVersion, brief, id, cancellationToken).ConfigureAwait(false);
        if (publishAt is { Count: > 0 })
        {
            var channels = ChannelsOf(input.Definition);
            if (publishAt.Keys.FirstOrDefault(name => !channels.Contains(name)) is { } unknown)
            {
                throw new ArgumentException($"The definition publishes to no channel named \"{unknown}\"; its channels: {string.Join(", ", channels)}.", nameof(publishAt));
            }

            // Stored before the workflow starts, so the calendar never misses a publication the run will make.
            foreach (var (channel, at) in publishAt)
            {
                await publicationSchedules.SetAsync(projectId, id, channel, at, cancellationToken).ConfigureAwait(false);
            }

            input = input with { PublishAt = publishAt };
        }

        var workflowId = WorkflowIdOf(id);
        try
        {
            // A run id names one execution for good: a finished run is never started again under it.
            return await client.StartWorkflowAsync(
                (PipelineWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(workflowId, taskQueue)
                {
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
                }).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException) when (runId is not null)
        {
            // A repeated submission of a fixed id (a retry after a crash, or a concurrent twin): the first start stands.
            return client.GetWorkflowHandle<PipelineWorkflow, PipelineResult>(workflowId);
        }
    }

    /// <summary>The names of the channels the publish stages of <paramref name="definition"/> publish to.</summary>
    public static IReadOnlySet<string> ChannelsOf(PinnedPipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Stages
            .Where(stage => stage.Type == PipelineStageTypes.Publish)
            .SelectMany(stage => PublishChannelNames.Of(stage.Config))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The workflow id of a run's pipeline.</summary>
    public static string WorkflowIdOf(Guid runId) => $"pipeline-{runId:N}";

    /// <summary>
    /// Checks the definition against the stage types and the project's rules and stores the run row (a row already
    /// stored under <paramref name="runId"/> is kept); returns the pipeline's input. Starting the workflow is the caller's.
    /// </summary>
    /// <exception cref="PipelineDefinitionRejectedException">The definition is not valid with the registered stage types.</exception>
    /// <exception cref="KeyNotFoundException">The project has no such definition version.</exception>
    public async Task<PipelineInput> PrepareAsync(Guid projectId, Guid definitionId, int definitionVersion, ContentBrief brief, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var definition = await definitions.GetAsync(projectId, definitionId, definitionVersion, cancellationToken).ConfigureAwait(false);

        // Checked again at start: stage types and the project's rules may have changed since the definition was stored.
        var project = await projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        var problems = stageTypes.Validate(definition.Stages, project.Publishing);
        if (problems.Count > 0)
        {
            throw new PipelineDefinitionRejectedException(definition.Name, problems);
        }

        await runs.CreateAsync(new PipelineRun(runId, projectId, definitionId, definitionVersion, WorkflowIdOf(runId), brief, PipelineRunState.Running, null, null), cancellationToken).ConfigureAwait(false);
        return new PipelineInput(projectId, runId, definition, brief);
    }
}
