using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentFlows.Temporal.Worker;

/// <summary>The workflows a <see cref="WorkflowReplayer"/> replays histories against, and how it converts data.</summary>
public sealed class WorkflowReplayerOptions
{
    private readonly List<WorkflowDefinition> workflows = [];

    /// <summary>Gets the registered workflows.</summary>
    public IReadOnlyList<WorkflowDefinition> Workflows => workflows;

    /// <summary>Gets or sets the data converter. Default <see cref="DataConverter.Default"/>.</summary>
    public DataConverter DataConverter { get; set; } = DataConverter.Default;

    /// <summary>Gets or sets the namespace reported in <see cref="WorkflowInfo.Namespace"/>. Default "ReplayNamespace".</summary>
    public string Namespace { get; set; } = "ReplayNamespace";

    /// <summary>Gets or sets the logger factory (workflow loggers are silent while replaying anyway). Default none.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Gets or sets how long one workflow task may keep the workflow thread busy. Default 2 s; null disables the check.</summary>
    public TimeSpan? DeadlockTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Registers a workflow class.</summary>
    /// <typeparam name="TWorkflow">The [Workflow] class.</typeparam>
    /// <returns>These options.</returns>
    public WorkflowReplayerOptions AddWorkflow<TWorkflow>() => AddWorkflow(WorkflowDefinition.Create(typeof(TWorkflow)));

    /// <summary>Registers a workflow definition.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>These options.</returns>
    public WorkflowReplayerOptions AddWorkflow(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        workflows.Add(definition);
        return this;
    }
}
