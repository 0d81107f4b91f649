using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>One run read back from a store: its latest state blob and its whole history in event-id order.</summary>
internal sealed record StoredExecution(
    string NamespaceId,
    string WorkflowId,
    string RunId,
    byte[] State,
    IReadOnlyList<HistoryEvent> History);
