using ContentFlows.Temporal.DevServer.Persistence;
using Microsoft.Extensions.Logging;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Closed runs and their end: with a durable store only open runs and a bounded cache of closed ones live in
/// memory (the rest is read back on demand), DeleteWorkflowExecution removes a run (terminating it first when it
/// runs, as Temporal's history service does), and a sweep deletes closed runs past their namespace's retention.
/// </summary>
internal sealed partial class ServerEngine
{
    // Hashes of the workflow ids whose runs the store may hold beyond memory: a start of a new id (the common
    // case) then needs no store read. A collision only costs a read that finds nothing.
    private readonly HashSet<int> _storedWorkflowIds = [];

    // Deleted in memory, deletion not yet committed: a read back from the store must not resurrect them.
    private readonly HashSet<RunKey> _pendingDeletions = [];
    private readonly ClosedRunCache _closedRuns = new();
    private int _sweeping;

    /// <summary>Gets how many closed runs memory holds (diagnostics and tests).</summary>
    internal int ClosedRunsInMemory
    {
        get
        {
            lock (_gate)
            {
                return _closedRuns.Count;
            }
        }
    }

    /// <summary>Deletes a run as Temporal does: a running one is terminated ("Delete workflow execution") first.</summary>
    public Task<DeleteWorkflowExecutionResponse> DeleteWorkflowExecutionAsync(DeleteWorkflowExecutionRequest request)
    {
        return MutateAsync(m =>
        {
            var run = GetRun(GetNamespace(request.Namespace), request.WorkflowExecution);
            if (run.IsOpen)
            {
                TerminateRun(run, "Delete workflow execution", null, "history-service", m);
            }

            DeleteRun(run, m);
            return new DeleteWorkflowExecutionResponse();
        });
    }

    /// <summary>Deletes the closed runs past their namespace's retention, from memory and the store; returns how many.</summary>
    internal async Task<int> SweepRetentionAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        List<(NamespaceEntry Namespace, DateTimeOffset Cutoff)> namespaces;
        List<WorkflowRun> expiredInMemory;
        lock (_gate)
        {
            namespaces = _namespacesById.Values
                .Select(ns => (ns, Retention: ns.Description.Config?.WorkflowExecutionRetentionTtl?.ToTimeSpan() ?? TimeSpan.Zero))
                .Where(n => n.Retention > TimeSpan.Zero)
                .Select(n => (n.ns, Now - n.Retention))
                .ToList();
            var cutoffs = namespaces.ToDictionary(n => n.Namespace.Id, n => n.Cutoff, StringComparer.Ordinal);
            expiredInMemory = _closedRuns.Runs
                .Where(r => r.CloseTime is { } closed && cutoffs.TryGetValue(r.Namespace.Id, out var cutoff) && closed <= cutoff)
                .ToList();
        }

        if (expiredInMemory.Count > 0)
        {
            deleted += await MutateAsync(m => expiredInMemory.Count(run => !run.IsDeleted && DeleteIfHeld(run, m))).ConfigureAwait(false);
        }

        if (!_store.IsDurable)
        {
            return deleted;
        }

        foreach (var (ns, cutoff) in namespaces)
        {
            while (true)
            {
                var expired = await _store.ReadExpiredAsync(ns.Id, cutoff, _limits.RetentionDeleteBatchSize, cancellationToken).ConfigureAwait(false);
                if (expired.Count == 0)
                {
                    break;
                }

                // One transaction per batch: the runs' rows and history go together.
                await MutateAsync(m =>
                {
                    foreach (var run in expired)
                    {
                        if (!_runs.TryGetValue(new RunKey(ns.Id, run.RunId), out var held) || !DeleteIfHeld(held, m))
                        {
                            m.Deletions.Add(new DeletedExecution(ns.Id, run.RunId));
                        }
                    }
                }).ConfigureAwait(false);
                deleted += expired.Count;
                if (expired.Count < _limits.RetentionDeleteBatchSize)
                {
                    break;
                }
            }
        }

        if (deleted > 0)
        {
            LogRetentionDeleted(deleted);
        }

        return deleted;
    }

    /// <summary>Starts the periodic retention sweep on the wall clock (a skipped engine clock must not make it spin).</summary>
    private void StartRetentionSweep()
    {
        if (_limits.RetentionSweepInterval is not { } interval || interval <= TimeSpan.Zero)
        {
            return;
        }

        var timer = TimeProvider.System.CreateTimer(_ => _ = SweepInBackgroundAsync(), null, interval, interval);
        _stopping.Token.Register(timer.Dispose);
    }

    private async Task SweepInBackgroundAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            await SweepRetentionAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed sweep deletes nothing it did not commit; the next one retries.
            LogRetentionSweepFailed(e);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private bool DeleteIfHeld(WorkflowRun run, Mutation m)
    {
        if (run.IsOpen || !_runs.TryGetValue(run.Key, out var held) || !ReferenceEquals(held, run))
        {
            return false;
        }

        DeleteRun(run, m);
        return true;
    }

    private void DeleteRun(WorkflowRun run, Mutation m)
    {
        Forget(run);
        _closedRuns.Remove(run);
        DropCallbacks(run);
        run.MarkDeleted();
        var key = run.Key;
        _pendingDeletions.Add(key);
        m.Deletions.Add(new DeletedExecution(key.NamespaceId, key.RunId));
        m.AfterCommit.Add(() =>
        {
            lock (_gate)
            {
                _pendingDeletions.Remove(key);
            }
        });
    }

    /// <summary>Takes a run out of memory: out of the run index and, when it is its workflow id's current run, the chain with it.</summary>
    private void Forget(WorkflowRun run)
    {
        if (_runs.TryGetValue(run.Key, out var held) && ReferenceEquals(held, run))
        {
            _runs.Remove(run.Key);
        }

        var workflow = new WorkflowKey(run.Namespace.Id, run.WorkflowId);
        if (_workflows.TryGetValue(workflow, out var chain))
        {
            if (ReferenceEquals(chain.Current, run))
            {
                // Older runs of the chain are closed and in the store; the next lookup reads the current one back.
                _workflows.Remove(workflow);
            }
            else
            {
                chain.Remove(run);
            }
        }
    }

    /// <summary>After a change is durable: its closed runs join the cache, and with a durable store the oldest leave memory.</summary>
    private void AdmitClosedRuns(Mutation mutation)
    {
        foreach (var run in mutation.Touched)
        {
            if (!run.IsOpen && !run.IsDeleted && _runs.TryGetValue(run.Key, out var held) && ReferenceEquals(held, run))
            {
                _closedRuns.Add(run);
            }
        }

        EvictClosedRuns();
    }

    private void EvictClosedRuns()
    {
        if (!_store.IsDurable)
        {
            // Memory is the only copy: closed runs stay until retention deletes them.
            return;
        }

        while (_closedRuns.Count > _limits.ClosedRunCacheSize)
        {
            // Admitted only once committed, so the store holds everything the run had.
            var oldest = _closedRuns.TakeOldest();
            Forget(oldest);
            _storedWorkflowIds.Add(StoredWorkflowHash(oldest.Namespace.Id, oldest.WorkflowId));
        }
    }

    /// <summary>Finds a run in memory, else reads a closed one back from the store into the cache.</summary>
    private bool TryGetRun(RunKey key, out WorkflowRun run)
    {
        if (_runs.TryGetValue(key, out run!))
        {
            return true;
        }

        if (!_store.IsDurable || _pendingDeletions.Contains(key))
        {
            return false;
        }

        var stored = _store.ReadExecution(key.NamespaceId, key.RunId);
        var loaded = stored is null ? null : ReadBack(stored);
        run = loaded!;
        return loaded is not null;
    }

    /// <summary>Reads the current run of a workflow id that memory no longer holds back from the store, with its chain.</summary>
    private WorkflowChain? ReadChainBack(NamespaceEntry ns, string workflowId)
    {
        if (!_store.IsDurable || !_storedWorkflowIds.Contains(StoredWorkflowHash(ns.Id, workflowId)))
        {
            return null;
        }

        var stored = _store.ReadLatestExecution(ns.Id, workflowId);
        if (stored is null)
        {
            return null;
        }

        var run = _runs.TryGetValue(new RunKey(stored.NamespaceId, stored.RunId), out var held) ? held : ReadBack(stored);
        if (run is null || run.IsOpen)
        {
            return null;
        }

        var chain = GetOrAddChain(new WorkflowKey(ns.Id, workflowId));
        chain.Add(run);
        return chain;
    }

    private WorkflowRun? ReadBack(StoredExecution stored)
    {
        var key = new RunKey(stored.NamespaceId, stored.RunId);
        if (_pendingDeletions.Contains(key) || !_namespacesById.TryGetValue(stored.NamespaceId, out var ns))
        {
            return null;
        }

        var run = RebuildRun(ns, stored);

        // Open runs are never out of memory: one found only in the store is being deleted.
        if (run.IsOpen)
        {
            return null;
        }

        _runs[key] = run;
        _closedRuns.Add(run);
        EvictClosedRuns();
        return _runs.TryGetValue(key, out var kept) ? kept : run;
    }

    private static int StoredWorkflowHash(string namespaceId, string workflowId) => HashCode.Combine(namespaceId, workflowId);

    /// <summary>Remembers the workflow ids with closed runs in the store (not loaded at start).</summary>
    private async Task LoadStoredWorkflowIdsAsync(CancellationToken cancellationToken)
    {
        var hashes = new List<int>();
        await foreach (var (namespaceId, workflowId) in _store.ReadClosedWorkflowIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes.Add(StoredWorkflowHash(namespaceId, workflowId));
        }

        lock (_gate)
        {
            _storedWorkflowIds.UnionWith(hashes);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} closed runs past their namespace's retention")]
    private partial void LogRetentionDeleted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention sweep failed; the next sweep retries")]
    private partial void LogRetentionSweepFailed(Exception exception);
}
