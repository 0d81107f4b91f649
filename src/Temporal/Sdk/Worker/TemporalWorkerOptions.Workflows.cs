using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Worker;

/// <content>Workflow registration.</content>
public partial class TemporalWorkerOptions
{
    /// <summary>Gets the workflows this worker runs.</summary>
    public IList<WorkflowDefinition> Workflows { get; } = [];

    private bool HasWorkflows => Workflows.Count > 0;

    /// <summary>Adds a <see cref="WorkflowAttribute"/> class.</summary>
    /// <typeparam name="TWorkflow">The workflow class.</typeparam>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">The class is not a valid workflow.</exception>
    public TemporalWorkerOptions AddWorkflow<TWorkflow>() => AddWorkflow(WorkflowDefinition.Create(typeof(TWorkflow)));

    /// <summary>Adds a workflow definition.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>These options, for chaining.</returns>
    public TemporalWorkerOptions AddWorkflow(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Workflows.Add(definition);
        return this;
    }

    private void ValidateWorkflows()
    {
        var duplicate = Workflows.GroupBy(w => w.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"TemporalWorkerOptions.Workflows holds workflow type '{duplicate.Key}' more than once.", nameof(Workflows));
        }
    }
}
