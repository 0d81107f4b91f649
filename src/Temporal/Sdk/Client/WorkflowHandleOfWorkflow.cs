using System.Linq.Expressions;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>A handle to a workflow of a known class: signals and queries as typed lambdas.</summary>
/// <typeparam name="TWorkflow">The workflow class.</typeparam>
public class WorkflowHandle<TWorkflow> : WorkflowHandle
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowHandle{TWorkflow}"/> class.</summary>
    /// <param name="client">The client to call through.</param>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run to target; null for the latest run.</param>
    /// <param name="resultRunId">The run whose result is waited for first; null for <paramref name="runId"/>.</param>
    /// <param name="firstExecutionRunId">The first run of the chain, or null.</param>
    public WorkflowHandle(ITemporalClient client, string id, string? runId = null, string? resultRunId = null, string? firstExecutionRunId = null)
        : base(client, id, runId, resultRunId, firstExecutionRunId)
    {
    }

    /// <summary>Sends a signal: a call of a [WorkflowSignal] method, e.g. <c>wf =&gt; wf.ApproveAsync(decision)</c>.</summary>
    /// <param name="signalCall">The signal call; its arguments are evaluated here.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server accepted the signal.</returns>
    public Task SignalAsync(Expression<Func<TWorkflow, Task>> signalCall, CancellationToken cancellationToken = default)
    {
        var (method, args) = CallExpressions.MethodCall(signalCall);
        return SignalAsync(TemporalNames.Signal(method), args, cancellationToken);
    }

    /// <summary>Queries the workflow: a [WorkflowQuery] property read or method call, e.g. <c>wf =&gt; wf.Status</c>.</summary>
    /// <typeparam name="TQueryResult">The query result type.</typeparam>
    /// <param name="queryCall">The query; its arguments are evaluated here.</param>
    /// <param name="rejectCondition">When the server refuses the query because of the status of the workflow. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The query result.</returns>
    public Task<TQueryResult> QueryAsync<TQueryResult>(
        Expression<Func<TWorkflow, TQueryResult>> queryCall,
        QueryRejectCondition rejectCondition = QueryRejectCondition.None,
        CancellationToken cancellationToken = default)
    {
        var (member, args) = CallExpressions.MemberAccess(queryCall);
        return QueryAsync<TQueryResult>(TemporalNames.Query(member), args, rejectCondition, cancellationToken);
    }
}
