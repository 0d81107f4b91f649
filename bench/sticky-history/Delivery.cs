namespace ContentFlows.Bench.StickyHistory;

/// <summary>One workflow task as the server sent it, and the server's CPU time (ms) when it did.</summary>
internal sealed record Delivery(long StartedEventId, long FirstEventId, int EventCount, int HistoryBytes, double ServerCpuMilliseconds);
