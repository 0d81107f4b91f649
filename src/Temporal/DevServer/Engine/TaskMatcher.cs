namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Matches tasks with long-polling workers, FIFO per queue. A task offered while a poller waits goes
/// straight to it; otherwise it waits in the queue's backlog.
/// </summary>
internal sealed class TaskMatcher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TaskQueueKey, QueueState> _queues = [];

    public void Offer(TaskQueueKey key, DispatchedTask task)
    {
        lock (_gate)
        {
            var queue = GetQueue(key);
            while (queue.Pollers.First is { } first)
            {
                queue.Pollers.RemoveFirst();
                if (first.Value.TrySetResult(task))
                {
                    return;
                }
            }

            queue.Backlog.Enqueue(task);
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for a task; null when none came.</summary>
    public async Task<DispatchedTask?> PollAsync(TaskQueueKey key, TimeSpan wait, CancellationToken cancellationToken)
    {
        TaskCompletionSource<DispatchedTask?> waiter;
        LinkedListNode<TaskCompletionSource<DispatchedTask?>> node;
        QueueState queue;
        lock (_gate)
        {
            queue = GetQueue(key);
            queue.LastPollTime = Environment.TickCount64;
            if (queue.Backlog.TryDequeue(out var ready))
            {
                return ready;
            }

            if (wait <= TimeSpan.Zero)
            {
                return null;
            }

            waiter = new TaskCompletionSource<DispatchedTask?>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = queue.Pollers.AddLast(waiter);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        await using (timeout.Token.Register(() => waiter.TrySetResult(null)).ConfigureAwait(false))
        {
            var task = await waiter.Task.ConfigureAwait(false);
            if (task is null)
            {
                lock (_gate)
                {
                    if (node.List is not null)
                    {
                        queue.Pollers.Remove(node);
                    }
                }
            }

            return task;
        }
    }

    /// <summary>Counts waiting tasks, for describe and the UI.</summary>
    public int BacklogCount(TaskQueueKey key)
    {
        lock (_gate)
        {
            return _queues.TryGetValue(key, out var queue) ? queue.Backlog.Count : 0;
        }
    }

    /// <summary>Tells whether anyone polled the queue within <paramref name="window"/>.</summary>
    public bool HasRecentPoller(TaskQueueKey key, TimeSpan window)
    {
        lock (_gate)
        {
            return _queues.TryGetValue(key, out var queue)
                && (queue.Pollers.Count > 0 || Environment.TickCount64 - queue.LastPollTime < window.TotalMilliseconds);
        }
    }

    /// <summary>Drops a queue's backlog (a sticky queue whose worker shut down).</summary>
    public IReadOnlyList<DispatchedTask> Drain(TaskQueueKey key)
    {
        lock (_gate)
        {
            if (!_queues.Remove(key, out var queue))
            {
                return [];
            }

            foreach (var poller in queue.Pollers)
            {
                poller.TrySetResult(null);
            }

            return [.. queue.Backlog];
        }
    }

    /// <summary>Records a poll by <paramref name="identity"/>, for DescribeTaskQueue's poller list.</summary>
    public void RecordPoller(TaskQueueKey key, string identity, DateTimeOffset now)
    {
        lock (_gate)
        {
            GetQueue(key).PollerAccess[identity] = now;
        }
    }

    /// <summary>The identities that polled since <paramref name="since"/>, most recent first, with their last poll time.</summary>
    public IReadOnlyList<(string Identity, DateTimeOffset LastAccess)> RecentPollers(TaskQueueKey key, DateTimeOffset since)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(key, out var queue))
            {
                return [];
            }

            // Forgotten pollers are dropped here, so the map stays as small as the set of live workers.
            foreach (var stale in queue.PollerAccess.Where(p => p.Value < since).Select(p => p.Key).ToList())
            {
                queue.PollerAccess.Remove(stale);
            }

            return [.. queue.PollerAccess.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value))];
        }
    }

    private QueueState GetQueue(TaskQueueKey key)
    {
        if (!_queues.TryGetValue(key, out var queue))
        {
            queue = new QueueState();
            _queues[key] = queue;
        }

        return queue;
    }

    private sealed class QueueState
    {
        public Queue<DispatchedTask> Backlog { get; } = new();

        public LinkedList<TaskCompletionSource<DispatchedTask?>> Pollers { get; } = new();

        public long LastPollTime { get; set; } = long.MinValue / 2;

        public Dictionary<string, DateTimeOffset> PollerAccess { get; } = new(StringComparer.Ordinal);
    }
}
