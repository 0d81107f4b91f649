using System.Linq.Expressions;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace ContentFlows.Activities.Tests.Temporal;

/// <summary>
/// Waits, within a deadline, until a workflow's query answers what a process-kill test waits for: its worker may be down,
/// starting or replaying, so a failed query is asked again rather than failing the test.
/// </summary>
internal static class WorkflowQueryPolling
{
    /// <summary>Queries until <paramref name="condition"/> holds; throws naming <paramref name="what"/> and the last answer.</summary>
    public static async Task<TState> UntilAsync<TWorkflow, TResult, TState>(
        WorkflowHandle<TWorkflow, TResult> handle,
        Expression<Func<TWorkflow, TState>> query,
        Func<TState, bool> condition,
        TimeSpan within,
        string what)
    {
        using var deadline = new CancellationTokenSource(within);
        TState? last = default;
        while (true)
        {
            try
            {
                last = await handle.QueryAsync(query, new() { Rpc = new() { CancellationToken = deadline.Token } });
                if (condition(last))
                {
                    return last;
                }
            }
            catch (RpcException) when (!deadline.IsCancellationRequested)
            {
                // No worker yet to answer the query (it starts or replays): ask again.
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not get there within {within}; last answer: {last}");
            }

            // Polling the query is the only way to observe the workflow from outside; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}
