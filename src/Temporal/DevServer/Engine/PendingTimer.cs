namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A started user timer waiting to fire.</summary>
internal sealed record PendingTimer(string TimerId, long StartedEventId, DateTimeOffset FireTime);
