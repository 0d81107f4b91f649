using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Stages;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Batches;

namespace ContentFlows.Activities.Batches;

/// <summary>Submits a batch: checks the dataset and the pinned definition, stores the batch row, starts its workflow.</summary>
public sealed class BatchLauncher(ITemporalClient client, ProjectStore projects, DatasetStore datasets, PipelineDefinitionStore definitions, StageTypeRegistry stageTypes, BatchStore batches, TimeProvider timeProvider)
{
    /// <summary>Starts a batch of a dataset through a stored definition version on <paramref name="taskQueue"/>.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="datasetId">The dataset (of that project).</param>
    /// <param name="definitionId">The definition.</param>
    /// <param name="definitionVersion">The version to pin.</param>
    /// <param name="languages">The languages, master first.</param>
    /// <param name="options">How the batch runs, or null for defaults.</param>
    /// <param name="taskQueue">The task queue of the batch (and, unless the options say otherwise, of its children).</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <param name="batchId">The batch's id when the caller fixed it: starting the same id again keeps the first batch. Null makes a new id.</param>
    /// <returns>The batch workflow's handle; its id is <see cref="BatchChildIds.Batch"/> of the batch id.</returns>
    /// <exception cref="ArgumentException">The dataset is another project's, or the languages are empty or repeated.</exception>
    /// <exception cref="PipelineDefinitionRejectedException">The definition is not valid with the registered stage types.</exception>
    public async Task<WorkflowHandle<BatchWorkflow, BatchResult>> StartAsync(
        Guid projectId,
        Guid datasetId,
        Guid definitionId,
        int definitionVersion,
        IReadOnlyList<string> languages,
        BatchOptions? options,
        string taskQueue,
        CancellationToken cancellationToken,
        Guid? batchId = null)
    {
        ArgumentNullException.ThrowIfNull(languages);
        if (languages.Count == 0 || languages.Any(string.IsNullOrWhiteSpace) || languages.Distinct(StringComparer.OrdinalIgnoreCase).Count() != languages.Count)
        {
            throw new ArgumentException($"A batch needs one or more distinct languages, master first (was [{string.Join(", ", languages)}]).", nameof(languages));
        }

        options?.Validate();
        var dataset = await datasets.GetAsync(datasetId, cancellationToken).ConfigureAwait(false);
        if (dataset.ProjectId != projectId)
        {
            throw new ArgumentException($"Dataset {datasetId} belongs to another project.", nameof(datasetId));
        }

        var definition = await definitions.GetAsync(definitionId, definitionVersion, cancellationToken).ConfigureAwait(false);
        var project = await projects.GetAsync(projectId, cancellationToken).ConfigureAwait(false);
        var problems = stageTypes.Validate(definition.Stages, project.Publishing);
        if (problems.Count > 0)
        {
            throw new PipelineDefinitionRejectedException(definition.Name, problems);
        }

        var id = batchId ?? Guid.CreateVersion7(timeProvider.GetUtcNow());
        var workflowId = BatchChildIds.Batch(id);
        await batches.CreateAsync(new BatchRecord(id, projectId, datasetId, definitionId, definitionVersion, languages, dataset.ItemCount, workflowId), cancellationToken).ConfigureAwait(false);
        try
        {
            return await client.StartWorkflowAsync(
                (BatchWorkflow wf) => wf.RunAsync(new BatchInput(projectId, id, datasetId, definition, languages, dataset.ItemCount, options)),
                new WorkflowOptions(workflowId, taskQueue) { Rpc = new RpcOptions { CancellationToken = cancellationToken } }).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException) when (batchId is not null)
        {
            // A repeated submission of a fixed id (an activity retried after a crash): the first start stands.
            return client.GetWorkflowHandle<BatchWorkflow, BatchResult>(workflowId);
        }
    }
}
