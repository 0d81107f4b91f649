using System.Collections.Concurrent;
using Temporalio.Worker.Interceptors;

namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>
/// Records what each replayed run's workflow method returned: the official replayer reports only whether
/// the commands matched the history, and the tests also compare the replayed result with the real one.
/// </summary>
public sealed class ReplayResultRecorder : IWorkerInterceptor
{
    private readonly ConcurrentQueue<object?> results = new();

    /// <summary>Gets the results of the runs replayed so far, in completion order.</summary>
    public IReadOnlyCollection<object?> Results => results;

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, results);

    private sealed class Inbound(WorkflowInboundInterceptor next, ConcurrentQueue<object?> results) : WorkflowInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            var result = await base.ExecuteWorkflowAsync(input);
            results.Enqueue(result);
            return result;
        }
    }
}
