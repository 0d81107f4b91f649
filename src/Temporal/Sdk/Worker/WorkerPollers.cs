namespace ContentFlows.Temporal.Worker;

/// <summary>Runs a fixed number of poll loops; the first fatal error stops the others and is rethrown.</summary>
internal static class WorkerPollers
{
    public static async Task RunAsync(int count, Func<CancellationToken, Task> pollLoop, CancellationToken pollToken)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(pollToken);
        var loops = Enumerable.Range(0, count).Select(_ => Task.Run(
            async () =>
            {
                try
                {
                    await pollLoop(siblings.Token).ConfigureAwait(false);
                }
                catch
                {
                    await siblings.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None)).ToList();
        await Task.WhenAll(loops).ConfigureAwait(false);
    }
}
