using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>
/// The new state of one run: <paramref name="State"/> replaces the stored state blob (the engine's own
/// serialization of the run's mutable state), <paramref name="NewEvents"/> are appended to its history
/// (event ids continue the stored ones). The visibility columns mirror the state for SQL listing.
/// </summary>
internal sealed record ExecutionWrite(
    string NamespaceId,
    string WorkflowId,
    string RunId,
    byte[] State,
    IReadOnlyList<HistoryEvent> NewEvents);
