using System.Collections.Concurrent;

namespace ContentFlows.Bench.ApiLoad;

/// <summary>What the API acknowledged: runs it created, Idempotency-Key replays, approvals it accepted (202) and approvals whose answer never came.</summary>
internal sealed class RunLedger
{
    public ConcurrentDictionary<string, Guid> Started { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string IdempotencyKey, Guid RunId)> Replays { get; } = new();

    public ConcurrentDictionary<Guid, string> Approved { get; } = new();

    public ConcurrentDictionary<Guid, string> ApprovalsWithoutAnswer { get; } = new();
}
