namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The outstanding polls of each worker instance (the worker_instance_key SDKs send on every poll) per queue, so
/// that ShutdownWorker can complete them at once, as Temporal's matching service does. A worker that shut down a
/// queue is remembered for a while and its late polls there answer empty straight away. Scoped by queue because
/// sdk-core shuts down its internal worker-commands queue under the same key while the worker goes on polling.
/// </summary>
internal sealed class WorkerPollTracker
{
    /// <summary>How long Temporal's matching remembers a shut-down worker instance.</summary>
    private static readonly TimeSpan ShutdownMemory = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<(TaskQueueKey Queue, string WorkerInstanceKey), HashSet<CancellationTokenSource>> _polls = [];
    private readonly Dictionary<(TaskQueueKey Queue, string WorkerInstanceKey), long> _shutDownAt = [];

    /// <summary>Tracks a poll until the returned scope is disposed; the scope says when the worker already shut down.</summary>
    public TrackedPoll Track(TaskQueueKey queue, string workerInstanceKey, CancellationTokenSource poll)
    {
        if (string.IsNullOrEmpty(workerInstanceKey))
        {
            return new TrackedPoll(this, default, null);
        }

        var key = (queue, workerInstanceKey);
        lock (_gate)
        {
            if (_shutDownAt.TryGetValue(key, out var at) && Environment.TickCount64 - at < ShutdownMemory.TotalMilliseconds)
            {
                return new TrackedPoll(this, key, null) { Rejected = true };
            }

            if (!_polls.TryGetValue(key, out var set))
            {
                set = [];
                _polls[key] = set;
            }

            set.Add(poll);
            return new TrackedPoll(this, key, poll);
        }
    }

    /// <summary>Completes the worker instance's outstanding polls on <paramref name="queue"/> and rejects its later polls there for a while.</summary>
    public int CancelAll(TaskQueueKey queue, string workerInstanceKey)
    {
        var key = (queue, workerInstanceKey);
        lock (_gate)
        {
            var now = Environment.TickCount64;
            foreach (var stale in _shutDownAt.Where(e => now - e.Value >= ShutdownMemory.TotalMilliseconds).Select(e => e.Key).ToList())
            {
                _shutDownAt.Remove(stale);
            }

            _shutDownAt[key] = now;
            if (!_polls.Remove(key, out var set))
            {
                return 0;
            }

            // Under the lock: a poll leaving disposes its source only after it untracked itself.
            foreach (var poll in set)
            {
                poll.Cancel();
            }

            return set.Count;
        }
    }

    private void Untrack((TaskQueueKey, string) key, CancellationTokenSource poll)
    {
        lock (_gate)
        {
            if (_polls.TryGetValue(key, out var set) && set.Remove(poll) && set.Count == 0)
            {
                _polls.Remove(key);
            }
        }
    }

    /// <summary>A poll being tracked; dispose it before disposing the poll's token source.</summary>
    internal readonly struct TrackedPoll(WorkerPollTracker tracker, (TaskQueueKey, string) key, CancellationTokenSource? poll) : IDisposable
    {
        /// <summary>Gets a value indicating whether the worker instance shut down recently, so the poll must answer empty.</summary>
        public bool Rejected { get; init; }

        public void Dispose()
        {
            if (poll is not null)
            {
                tracker.Untrack(key, poll);
            }
        }
    }
}
