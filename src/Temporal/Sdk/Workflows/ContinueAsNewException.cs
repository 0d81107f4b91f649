using ContentFlows.Temporal.Exceptions;

namespace ContentFlows.Temporal.Workflows;

/// <summary>
/// Thrown from a workflow (create it with <see cref="Workflow.CreateContinueAsNewException{TWorkflow}(System.Linq.Expressions.Expression{Func{TWorkflow, Task}}, ContinueAsNewOptions?)"/>)
/// to close this run and start a new run of the same workflow id with fresh history.
/// </summary>
public sealed class ContinueAsNewException : TemporalException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="workflowType">The workflow type of the next run.</param>
    /// <param name="args">The arguments of the next run.</param>
    /// <param name="options">The options of the next run, or null for this run's.</param>
    public ContinueAsNewException(string workflowType, IReadOnlyCollection<object?> args, ContinueAsNewOptions? options = null)
        : base($"Continue as new: {workflowType}")
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowType);
        ArgumentNullException.ThrowIfNull(args);
        WorkflowType = workflowType;
        Args = args;
        Options = options;
    }

    /// <summary>Gets the workflow type of the next run.</summary>
    public string WorkflowType { get; }

    /// <summary>Gets the arguments of the next run.</summary>
    public IReadOnlyCollection<object?> Args { get; }

    /// <summary>Gets the options of the next run, or null for this run's.</summary>
    public ContinueAsNewOptions? Options { get; }
}
