using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>
/// The new state of one run: <paramref name="State"/> replaces the stored state blob (the engine's own
/// serialization of the run's mutable state), <paramref name="NewEvents"/> are appended to its history
/// (event ids continue the stored ones).
/// </summary>
internal sealed record ExecutionWrite(
    string NamespaceId,
    string WorkflowId,
    string RunId,
    byte[] State,
    IReadOnlyList<HistoryEvent> NewEvents)
{
    /// <summary>Gets when the run started; orders a workflow id's runs in the store.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Gets when the run closed; null while it is open (the store loads only open runs at start).</summary>
    public DateTimeOffset? CloseTime { get; init; }

    /// <summary>Gets a closed run's serialized <c>WorkflowExecutionInfo</c>, which list and count read from the store.</summary>
    public byte[]? Visibility { get; init; }
}
