namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>
/// Runs workflow code (activations, queries) on a thread-pool thread while the caller watches the clock: an activation
/// that keeps the workflow thread longer than the deadlock timeout fails the task (the stuck thread is abandoned along
/// with the instance). Time spent waiting for a pool thread does not count.
/// </summary>
internal static class WorkflowCodeRunner
{
    /// <summary>Runs workflow code off the caller's thread and fails it as a deadlock when one activation keeps the thread too long.</summary>
    public static async Task<T> RunAsync<T>(WorkflowInstance instance, Func<T> work, TimeSpan? deadlockTimeout, CancellationToken cancellationToken)
    {
        var run = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        if (deadlockTimeout is not { } timeout)
        {
            return await run.ConfigureAwait(false);
        }

        while (true)
        {
            var elapsed = instance.CurrentActivationElapsed;
            if (elapsed is { } busy && busy >= timeout && !run.IsCompleted)
            {
                instance.Poison();
                throw new WorkflowDeadlockException(
                    $"[TMPRL1101] Potential deadlock detected: workflow {instance.Definition.Name} (workflow id {instance.WorkflowId}, run id {instance.RunId}) "
                    + $"did not yield within {timeout.TotalSeconds:0.#} s. Workflow code must not block the workflow thread (.Result, .Wait(), Thread.Sleep, locks, I/O); await Workflow APIs instead.");
            }

            var wait = timeout - (elapsed ?? TimeSpan.Zero);
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(run, Task.Delay(wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
            if (first == run)
            {
                return await run.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
