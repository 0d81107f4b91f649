namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>A schedule as stored: the engine's serialized schedule state; in a write, a null state deletes the schedule.</summary>
internal sealed record ScheduleRecord(string NamespaceId, string ScheduleId, byte[]? State);
