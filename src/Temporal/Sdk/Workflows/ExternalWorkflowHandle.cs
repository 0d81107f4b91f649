using ContentFlows.Temporal.Worker.Workflows;

namespace ContentFlows.Temporal.Workflows;

/// <summary>Another workflow (not a child) that this workflow can signal or ask to cancel.</summary>
public class ExternalWorkflowHandle
{
    internal ExternalWorkflowHandle(string id, string? runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        RunId = runId;
    }

    /// <summary>Gets the workflow id.</summary>
    public string Id { get; }

    /// <summary>Gets the run id, or null for the current run.</summary>
    public string? RunId { get; }

    /// <summary>Signals the workflow by signal name.</summary>
    /// <param name="signal">The signal name.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>A task that completes once delivered; throws <see cref="Exceptions.ApplicationFailureException"/> when the workflow is not found.</returns>
    public Task SignalAsync(string signal, IReadOnlyCollection<object?> args) =>
        WorkflowInstance.Require().SignalExternalAsync(Id, RunId, signal, args, childOnly: false);

    /// <summary>Requests cancellation of the workflow.</summary>
    /// <returns>A task that completes once the request is delivered; throws <see cref="Exceptions.ApplicationFailureException"/> when the workflow is not found.</returns>
    public Task CancelAsync() => WorkflowInstance.Require().CancelExternalAsync(Id, RunId);
}
