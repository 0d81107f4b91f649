using Npgsql;

namespace ContentFlows.Temporal.DevServer;

/// <summary>
/// Fault injection for the dev server's own tests. Internal on purpose: no command-line option, config file or
/// public property reaches it, so a product build cannot turn a fault on.
/// </summary>
internal sealed class DevServerTestHooks
{
    /// <summary>Gets a callback run inside every store transaction just before COMMIT; throwing fails that batch.</summary>
    public Func<NpgsqlConnection, CancellationToken, Task>? BeforeStoreCommit { get; init; }

    /// <summary>Gets a callback run at named points inside engine operations, under the engine lock; throwing plays a bug half-way through.</summary>
    public Action<string>? EngineFaultPoint { get; init; }
}
