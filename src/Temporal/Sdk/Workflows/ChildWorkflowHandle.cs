using ContentFlows.Temporal.Worker.Workflows;

namespace ContentFlows.Temporal.Workflows;

/// <summary>A started child workflow: its ids, its result, and signals to it.</summary>
public class ChildWorkflowHandle
{
    internal ChildWorkflowHandle(PendingChild child, string firstExecutionRunId)
    {
        Child = child;
        FirstExecutionRunId = firstExecutionRunId;
    }

    /// <summary>Gets the child's workflow id.</summary>
    public string Id => Child.WorkflowId;

    /// <summary>Gets the run id the child started with.</summary>
    public string FirstExecutionRunId { get; }

    internal PendingChild Child { get; }

    /// <summary>Waits for the child to close and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <returns>The result; throws <see cref="Exceptions.ChildWorkflowFailureException"/> when the child fails, is cancelled, times out or is terminated.</returns>
    public async Task<TResult> GetResultAsync<TResult>()
    {
        var instance = WorkflowInstance.Require();
        var payload = await Child.Result.Task;
        return payload is null ? default! : (TResult)instance.PayloadConverter.ToValue(payload, typeof(TResult))!;
    }

    /// <summary>Waits for the child to close, ignoring any result.</summary>
    /// <returns>A task that completes when the child has; throws <see cref="Exceptions.ChildWorkflowFailureException"/> when it did not succeed.</returns>
    public Task GetResultAsync() => Child.Result.Task;

    /// <summary>Signals the child by signal name.</summary>
    /// <param name="signal">The signal name.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>A task that completes once the signal is delivered.</returns>
    public Task SignalAsync(string signal, IReadOnlyCollection<object?> args) =>
        WorkflowInstance.Require().SignalExternalAsync(Id, FirstExecutionRunId, signal, args, childOnly: true);
}
