using ContentFlows.Temporal.InteropTests.Infrastructure;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>The dev server process contract: it stops gracefully on SIGTERM.</summary>
public sealed class DevServerLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_IdleMemoryServer_ExitsWithinTenSecondsWithCodeZero()
    {
        DevServerProcess server = await DevServerProcess.StartAsync(new DevServerSettings(), "devserver", TimeSpan.FromSeconds(90));
        try
        {
            // StopAsync sends SIGTERM and only kills if the grace period passes; a kill leaves exit code 137.
            await server.Process.StopAsync(grace: TimeSpan.FromSeconds(10));
            Assert.True(server.Process.ExitCode == 0, $"After SIGTERM: {server.Process.ExitDescription()} (137 = killed after 10 s)");
        }
        finally
        {
            output.WriteLine(server.Process.LogText());
            await server.DisposeAsync();
        }
    }
}
