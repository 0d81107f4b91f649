namespace ContentFlows.Temporal.Client;

/// <summary>A handle to a workflow of a known class and result type.</summary>
/// <typeparam name="TWorkflow">The workflow class.</typeparam>
/// <typeparam name="TResult">The result type of its run method.</typeparam>
public class WorkflowHandle<TWorkflow, TResult> : WorkflowHandle<TWorkflow>
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowHandle{TWorkflow, TResult}"/> class.</summary>
    /// <param name="client">The client to call through.</param>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run to target; null for the latest run.</param>
    /// <param name="resultRunId">The run whose result is waited for first; null for <paramref name="runId"/>.</param>
    /// <param name="firstExecutionRunId">The first run of the chain, or null.</param>
    public WorkflowHandle(ITemporalClient client, string id, string? runId = null, string? resultRunId = null, string? firstExecutionRunId = null)
        : base(client, id, runId, resultRunId, firstExecutionRunId)
    {
    }

    /// <summary>Waits for the workflow to close and returns its result.</summary>
    /// <param name="followRuns">Whether to follow continue-as-new, retry and cron runs. Default true.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The result.</returns>
    /// <exception cref="Exceptions.WorkflowFailedException">The workflow failed, was cancelled, terminated or timed out.</exception>
    public new Task<TResult> GetResultAsync(bool followRuns = true, CancellationToken cancellationToken = default) =>
        GetResultAsync<TResult>(followRuns, cancellationToken);
}
