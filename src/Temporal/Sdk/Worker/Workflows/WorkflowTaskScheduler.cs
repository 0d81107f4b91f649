namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>
/// Runs one workflow's code, one task at a time, in the order tasks were queued. It never runs a task inline and
/// never on its own thread: tasks wait in a queue until <see cref="Drain"/> executes them on the caller's thread.
/// Because every await inside workflow code captures <see cref="TaskScheduler.Current"/>, continuations come back
/// here. Code that leaves it (Task.Run, Task.Delay, ConfigureAwait(false), threads, timers) runs outside the
/// workflow and breaks determinism; the <c>Workflow</c> API throws there.
/// The runtime's TaskCompletionSources deliberately complete synchronously (no RunContinuationsAsynchronously):
/// asynchronous completion would push Task.WhenAny/WhenAll bookkeeping onto the thread pool, outside this scheduler.
/// </summary>
internal sealed class WorkflowTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> queue = new();

    public WorkflowTaskScheduler(WorkflowInstance instance)
    {
        Instance = instance;
    }

    /// <summary>Gets the workflow instance whose code runs here.</summary>
    public WorkflowInstance Instance { get; }

    /// <inheritdoc/>
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Gets a value indicating whether any task waits to run.</summary>
    public bool HasQueuedTasks
    {
        get
        {
            lock (queue)
            {
                return queue.Count > 0;
            }
        }
    }

    /// <summary>Queues an action to run as a workflow task.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The task.</returns>
    public Task RunAsync(Action action)
    {
        var task = new Task(action, CancellationToken.None, TaskCreationOptions.DenyChildAttach);
        task.Start(this);
        return task;
    }

    /// <summary>Queues a function to run as a workflow task.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function.</param>
    /// <returns>The task.</returns>
    public Task<T> RunAsync<T>(Func<T> function)
    {
        var task = new Task<T>(function, CancellationToken.None, TaskCreationOptions.DenyChildAttach);
        task.Start(this);
        return task;
    }

    /// <summary>Runs queued tasks on the calling thread until none is left.</summary>
    public void Drain()
    {
        while (true)
        {
            Task? next;
            lock (queue)
            {
                if (!queue.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    /// <inheritdoc/>
    protected override void QueueTask(Task task)
    {
        lock (queue)
        {
            queue.Enqueue(task);
        }
    }

    /// <inheritdoc/>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc/>
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (queue)
        {
            return [.. queue];
        }
    }
}
