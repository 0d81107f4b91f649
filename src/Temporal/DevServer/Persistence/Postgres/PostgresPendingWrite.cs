using Google.Protobuf;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>A queued <see cref="StoreWrite"/> and the task its caller awaits.</summary>
internal sealed class PostgresPendingWrite
{
    private PostgresPendingWrite(StoreWrite write, PostgresEventRow[] events)
    {
        Write = write;
        Events = events;
    }

    public StoreWrite Write { get; }

    /// <summary>Gets the write's new events in call order, across all its executions.</summary>
    public PostgresEventRow[] Events { get; }

    /// <summary>
    /// Gets the completion the caller awaits. Continuations run asynchronously so the single writer loop
    /// never runs engine code inline while it completes a batch.
    /// </summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Serializes the events on the caller's thread: it spreads the CPU work over callers and snapshots
    /// the (mutable) protobuf messages as they were when PersistAsync was called.
    /// </summary>
    public static PostgresPendingWrite Create(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Namespaces);
        ArgumentNullException.ThrowIfNull(write.Executions);

        var count = 0;
        foreach (var execution in write.Executions)
        {
            ArgumentNullException.ThrowIfNull(execution);
            ArgumentNullException.ThrowIfNull(execution.State);
            count += execution.NewEvents?.Count ?? 0;
        }

        foreach (var record in write.Namespaces)
        {
            ArgumentNullException.ThrowIfNull(record);
            ArgumentNullException.ThrowIfNull(record.Description);
        }

        var events = count == 0 ? [] : new PostgresEventRow[count];
        var index = 0;
        foreach (var execution in write.Executions)
        {
            if (execution.NewEvents is null)
            {
                continue;
            }

            foreach (var historyEvent in execution.NewEvents)
            {
                events[index++] = new PostgresEventRow(execution.NamespaceId, execution.RunId, historyEvent.EventId, historyEvent.ToByteArray());
            }
        }

        return new PostgresPendingWrite(write, events);
    }
}
