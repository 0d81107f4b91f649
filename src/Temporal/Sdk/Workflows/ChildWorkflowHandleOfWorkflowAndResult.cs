namespace ContentFlows.Temporal.Workflows;

/// <summary>A started child workflow of class <typeparamref name="TWorkflow"/> whose run method returns <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TWorkflow">The child's workflow class.</typeparam>
/// <typeparam name="TResult">The child's result type.</typeparam>
public class ChildWorkflowHandle<TWorkflow, TResult> : ChildWorkflowHandle<TWorkflow>
{
    internal ChildWorkflowHandle(Worker.Workflows.PendingChild child, string firstExecutionRunId)
        : base(child, firstExecutionRunId)
    {
    }

    /// <summary>Waits for the child to close and returns its result.</summary>
    /// <returns>The result; throws <see cref="Exceptions.ChildWorkflowFailureException"/> when the child did not succeed.</returns>
    public new Task<TResult> GetResultAsync() => GetResultAsync<TResult>();
}
