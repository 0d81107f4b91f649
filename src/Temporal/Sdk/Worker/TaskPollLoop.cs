using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// The loop every poller runs, for workflow and activity tasks alike: take a free slot, long-poll, back
/// off on errors a restarting or busy server gives, and hand each real task to the dispatcher, which then
/// owns the slot. Ends quietly when the poll token is cancelled; other errors end it by throwing.
/// </summary>
internal static class TaskPollLoop
{
    /// <summary>The poll deadline sdk-core uses: the server answers empty before it (at 60 s).</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(70);

    public static async Task RunAsync<TTask>(
        TaskSlots slots,
        Func<RpcOptions, Task<TTask>> pollAsync,
        Func<TTask, bool> isEmpty,
        Action<TTask> dispatch,
        Action<RpcException, int> onRetryableFailure,
        TimeProvider timeProvider,
        CancellationToken pollToken)
    {
        var backoff = new PollBackoff(timeProvider);
        while (!pollToken.IsCancellationRequested)
        {
            try
            {
                await slots.AcquireAsync(pollToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (pollToken.IsCancellationRequested)
            {
                return;
            }

            TTask task;
            try
            {
                task = await pollAsync(new RpcOptions { Timeout = PollTimeout, CancellationToken = pollToken, Retry = false }).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (Exception e) when (pollToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                slots.Release();
                return;
            }
            catch (RpcException e) when (WorkerRpcErrors.IsRetryablePollError(e.Code))
            {
                slots.Release();
                onRetryableFailure(e, backoff.Failures + 1);
                try
                {
                    await backoff.WaitAsync(pollToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }
            catch
            {
                slots.Release();
                throw;
            }

            if (isEmpty(task))
            {
                slots.Release();
                continue;
            }

            dispatch(task);
        }
    }
}
