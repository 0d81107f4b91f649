namespace ContentFlows.Temporal.Worker;

/// <content>The workflow half.</content>
public sealed partial class TemporalWorker
{
    private WorkflowWorker? workflowWorker;

    private int WorkflowCount => Options.Workflows.Count;

    private void CreateWorkflowWorker() => workflowWorker = WorkflowCount > 0 ? new WorkflowWorker(settings) : null;

    private void AddWorkflowPollers(List<Task> pollers, CancellationToken pollToken)
    {
        if (workflowWorker is not null)
        {
            pollers.Add(workflowWorker.RunPollersAsync(pollToken));
        }
    }

    private void AddWorkflowDrain(List<Task> drains)
    {
        if (workflowWorker is not null)
        {
            drains.Add(workflowWorker.DrainAsync());
        }
    }

    private void DisposeWorkflowWorker() => workflowWorker?.Dispose();
}
