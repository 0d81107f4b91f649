using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Stages;
using ContentFlows.Temporal.Client;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Pipelines;

/// <summary>Submits a run: checks the pinned definition, stores the run row, then starts its workflow.</summary>
public sealed class PipelineRunLauncher(ITemporalClient client, ProjectStore projects, PipelineDefinitionStore definitions, PipelineRunStore runs, StageTypeRegistry stageTypes, TimeProvider timeProvider)
{
    /// <summary>Starts a run of a stored definition version on <paramref name="taskQueue"/>.</summary>
    /// <exception cref="PipelineDefinitionRejectedException">The definition is not valid with the registered stage types.</exception>
    public async Task<WorkflowHandle<PipelineWorkflow, PipelineResult>> StartAsync(
        Guid projectId,
        Guid definitionId,
        int definitionVersion,
        ContentBrief brief,
        string taskQueue,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var definition = await definitions.GetAsync(definitionId, definitionVersion, cancellationToken).ConfigureAwait(false);

        // Checked again at start: stage types and the project's rules may have changed since the definition was stored.
        var project = await projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        var problems = stageTypes.Validate(definition.Stages, project.Publishing);
        if (problems.Count > 0)
        {
            throw new PipelineDefinitionRejectedException(definition.Name, problems);
        }

        var runId = Guid.CreateVersion7(timeProvider.GetUtcNow());
        var workflowId = $"pipeline-{runId:N}";
        await runs.CreateAsync(new PipelineRun(runId, projectId, definitionId, definitionVersion, workflowId, brief, PipelineRunState.Running, null, null), cancellationToken).ConfigureAwait(false);
        return await client.StartWorkflowAsync(
            (PipelineWorkflow wf) => wf.RunAsync(new PipelineInput(projectId, runId, definition, brief)),
            new WorkflowOptions(workflowId, taskQueue),
            cancellationToken).ConfigureAwait(false);
    }
}
