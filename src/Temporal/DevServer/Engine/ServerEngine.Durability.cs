using ContentFlows.Temporal.Api.Grpc;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// What keeps answers honest about durability: every answer waits for the writes it could have seen, and a
/// change that cannot be persisted or rolled back stops the engine (fail-stop) rather than being built upon.
/// </summary>
internal sealed partial class ServerEngine
{
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DevServerTestHooks? _testHooks;

    // The last write handed to the store. The store commits in call order and refuses everything after a
    // failed batch, so once this one is durable every earlier one is too.
    private Task _lastPersist = Task.CompletedTask;

    /// <summary>
    /// Gets a task that completes, with the cause, when the engine stopped serving because memory may hold
    /// changes the store does not. The program exits non-zero on it so a supervisor restarts the server from
    /// the committed state.
    /// </summary>
    public Task<Exception> Failed => _failed.Task;

    /// <summary>Waits until every change made before the call is durable: a read served after it cannot be erased by a crash.</summary>
    public Task WhenDurableAsync()
    {
        Task barrier;
        lock (_gate)
        {
            ThrowIfFailed();
            barrier = _lastPersist;
        }

        return barrier.IsCompletedSuccessfully ? Task.CompletedTask : AwaitBarrierAsync(barrier);
    }

    /// <summary>Answers <paramref name="read"/>'s result once everything it could have seen is durable.</summary>
    public async Task<T> WhenDurableAsync<T>(Task<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = await read.ConfigureAwait(false);
        await WhenDurableAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Answers <paramref name="result"/>, read under the lock, once everything it could have seen is durable.</summary>
    public async Task<T> WhenDurableAsync<T>(T result)
    {
        await WhenDurableAsync().ConfigureAwait(false);
        return result;
    }

    private async Task AwaitBarrierAsync(Task barrier)
    {
        try
        {
            await barrier.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Stop(e);
            throw new GrpcException(GrpcStatusCode.Unavailable, "The server could not persist an earlier change: " + e.Message);
        }
    }

    private void ThrowIfFailed()
    {
        if (_poisoned is not null)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, "The server's store failed; restart the server.");
        }
    }

    /// <summary>Stops the engine for good: later changes and reads are refused, and <see cref="Failed"/> completes.</summary>
    private void Stop(Exception cause)
    {
        Exception first;
        lock (_gate)
        {
            first = _poisoned ??= cause;
        }

        _failed.TrySetResult(first);
    }

    /// <summary>
    /// Handles an exception thrown half-way through a change. One that changed nothing is the caller's answer
    /// (validation errors); one that left events or tasks in memory cannot be undone event by event, so the
    /// engine stops before a later change persists them.
    /// </summary>
    private bool StopIfHalfApplied(Exception error, Mutation mutation, long appliedBefore)
    {
        var halfApplied = WorkflowRun.AppliedOnThisThread != appliedBefore
            || mutation.Dispatches.Count > 0
            || mutation.Namespaces.Count > 0
            || mutation.TouchedSchedules.Count > 0
            || (error is not GrpcException && mutation.Touched.Count > 0);
        if (halfApplied)
        {
            _failed.TrySetResult(_poisoned ??= error);
            LogHalfApplied(error);
        }

        return halfApplied;
    }

    /// <summary>Test fault injection at a named point of an operation (no-op unless a test set the hook).</summary>
    private void FaultPoint(string name) => _testHooks?.EngineFaultPoint?.Invoke(name);

    [LoggerMessage(Level = LogLevel.Critical, Message = "An operation failed half-way and left changes in memory that cannot be rolled back; the server stops serving so nothing is built on them")]
    private partial void LogHalfApplied(Exception exception);
}
