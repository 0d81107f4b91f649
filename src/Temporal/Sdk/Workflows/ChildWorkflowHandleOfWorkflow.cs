using System.Linq.Expressions;

namespace ContentFlows.Temporal.Workflows;

/// <summary>A started child workflow of class <typeparamref name="TWorkflow"/>, signalled with typed lambdas.</summary>
/// <typeparam name="TWorkflow">The child's workflow class.</typeparam>
public class ChildWorkflowHandle<TWorkflow> : ChildWorkflowHandle
{
    internal ChildWorkflowHandle(Worker.Workflows.PendingChild child, string firstExecutionRunId)
        : base(child, firstExecutionRunId)
    {
    }

    /// <summary>Signals the child through a [WorkflowSignal] method call, e.g. <c>wf =&gt; wf.ApproveAsync(decision)</c>.</summary>
    /// <param name="signalCall">The signal method call.</param>
    /// <returns>A task that completes once the signal is delivered.</returns>
    public Task SignalAsync(Expression<Func<TWorkflow, Task>> signalCall)
    {
        var (method, args) = Client.CallExpressions.MethodCall(signalCall);
        return SignalAsync(TemporalNames.Signal(method), args);
    }
}
