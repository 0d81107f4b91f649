namespace ContentFlows.Temporal.Worker;

/// <summary>A fixed number of slots for tasks of one kind; a poller takes a slot before it polls, so it never fetches work it has no room for.</summary>
internal sealed class TaskSlots : IDisposable
{
    private readonly SemaphoreSlim semaphore;

    public TaskSlots(int count)
    {
        Capacity = count;
        semaphore = new SemaphoreSlim(count, count);
    }

    /// <summary>Gets the number of slots.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of slots in use.</summary>
    public int InUse => Capacity - semaphore.CurrentCount;

    /// <summary>Waits for a free slot and takes it.</summary>
    public Task AcquireAsync(CancellationToken cancellationToken) => semaphore.WaitAsync(cancellationToken);

    /// <summary>Gives a slot back.</summary>
    public void Release() => semaphore.Release();

    public void Dispose() => semaphore.Dispose();
}
