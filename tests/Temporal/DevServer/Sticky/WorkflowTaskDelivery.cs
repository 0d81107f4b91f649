namespace ContentFlows.Temporal.DevServer.Tests.Sticky;

/// <summary>What the server sent a worker for one task, as its delivery log reports it.</summary>
public sealed record WorkflowTaskDelivery(
    string WorkflowId,
    long StartedEventId,
    long PreviousStartedEventId,
    long FirstEventId,
    int EventCount,
    int HistoryBytes,
    bool IsQuery);
