using System.Linq.Expressions;

namespace ContentFlows.Temporal.Workflows;

/// <summary>Another workflow of class <typeparamref name="TWorkflow"/>, signalled with typed lambdas.</summary>
/// <typeparam name="TWorkflow">The workflow class.</typeparam>
public class ExternalWorkflowHandle<TWorkflow> : ExternalWorkflowHandle
{
    internal ExternalWorkflowHandle(string id, string? runId)
        : base(id, runId)
    {
    }

    /// <summary>Signals the workflow through a [WorkflowSignal] method call, e.g. <c>wf =&gt; wf.ApproveAsync(decision)</c>.</summary>
    /// <param name="signalCall">The signal method call.</param>
    /// <returns>A task that completes once delivered.</returns>
    public Task SignalAsync(Expression<Func<TWorkflow, Task>> signalCall)
    {
        var (method, args) = Client.CallExpressions.MethodCall(signalCall);
        return SignalAsync(TemporalNames.Signal(method), args);
    }
}
