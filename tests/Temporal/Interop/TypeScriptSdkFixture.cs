using System.Text.Json;
using ContentFlows.Temporal.InteropTests.Infrastructure;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>
/// One in-memory dev server and one TS harness (worker + client) shared by a collection: the harness
/// bundles the workflows once. Every child process dies with the fixture (or with the test host).
/// </summary>
public sealed class TypeScriptSdkFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private DevServerProcess? server;
    private HarnessProcess? harness;

    /// <summary>Gets the task queue the harness's TS worker polls (its workflows and activities).</summary>
    public string TaskQueue { get; } = $"interop-{Guid.NewGuid():N}";

    internal DevServerProcess Server => server ?? throw new InvalidOperationException("The fixture is not initialized");

    internal HarnessProcess Harness => harness ?? throw new InvalidOperationException("The fixture is not initialized");

    public async Task InitializeAsync()
    {
        await NpmDependencies.EnsureInstalledAsync();
        server = await DevServerProcess.StartAsync(new DevServerSettings(), "devserver", ReadyTimeout);
        harness = await HarnessProcess.StartAsync(
            server.Address, TaskQueue, activityLogPath: null, "harness", ReadyTimeout);
    }

    /// <summary>Runs a scenario of ts/harness.js and returns its response object.</summary>
    public Task<JsonElement> RunScenarioAsync(string name, object? args, TimeSpan timeout) =>
        Harness.RunScenarioAsync(name, args, timeout);

    /// <summary>Where the captured logs stand now, to print only a test's own lines later.</summary>
    public LogMark MarkLogs() => new(server?.Process.LogLineCount ?? 0, harness?.Process.LogLineCount ?? 0);

    /// <summary>Dev server and harness output captured since <paramref name="mark"/>.</summary>
    public string LogsSince(LogMark mark) =>
        $"{server?.Process.LogText(mark.ServerLine, maxLines: 400)}{harness?.Process.LogText(mark.HarnessLine, maxLines: 200)}";

    public async Task DisposeAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Positions in the captured dev server and harness logs.</summary>
    public readonly record struct LogMark(int ServerLine, int HarnessLine);
}
