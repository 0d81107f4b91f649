namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>One history event ready for the <c>history_events</c> table, serialized when the write was queued.</summary>
internal readonly record struct PostgresEventRow(string NamespaceId, string RunId, long EventId, byte[] Data);
