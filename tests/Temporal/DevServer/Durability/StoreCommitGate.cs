using Npgsql;

namespace ContentFlows.Temporal.DevServer.Tests.Durability;

/// <summary>
/// Fault injection for the store's commits: once armed, the next batch stops before COMMIT until the test
/// releases it, then fails, as a lost connection would. Later batches are left alone.
/// </summary>
internal sealed class StoreCommitGate : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim held = new(0);
    private readonly SemaphoreSlim release = new(0);
    private int armed;

    /// <summary>Waits until the armed batch is held before its COMMIT.</summary>
    public async Task WaitUntilHeldAsync()
    {
        if (!await held.WaitAsync(Deadline))
        {
            throw new TimeoutException("No store batch reached its COMMIT after the gate was armed.");
        }
    }

    /// <summary>Makes the next batch hold, then fail.</summary>
    public void Arm() => Volatile.Write(ref armed, 1);

    /// <summary>Lets the held batch go on, to fail.</summary>
    public void ReleaseToFail() => release.Release();

    /// <summary>The hook for <see cref="DevServerTestHooks.BeforeStoreCommit"/>.</summary>
    public async Task BeforeCommitAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref armed, 0) == 1)
        {
            held.Release();
            await release.WaitAsync(Deadline, cancellationToken);
            throw new NpgsqlException("injected: the connection was lost before COMMIT");
        }
    }

    public void Dispose()
    {
        held.Dispose();
        release.Dispose();
    }
}
