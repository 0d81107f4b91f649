using System.Text.RegularExpressions;

namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>One dev server process (`dotnet ContentFlows.Temporal.DevServer.dll ...`), ready once it printed its address.</summary>
internal sealed partial class DevServerProcess : IAsyncDisposable
{
    private DevServerProcess(ChildProcess process, string address)
    {
        Process = process;
        Address = address;
    }

    /// <summary>host:port the server listens on.</summary>
    public string Address { get; }

    public ChildProcess Process { get; }

    public static async Task<DevServerProcess> StartAsync(DevServerSettings settings, string name, TimeSpan readyTimeout)
    {
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        ChildProcess process = ChildProcess.Start(
            name,
            "dotnet",
            [RepositoryLayout.DevServerDll(), .. settings.ToArguments()],
            RepositoryLayout.Root,
            onStdoutLine: line =>
            {
                Match match = ListeningLine().Match(line);
                if (match.Success)
                {
                    listening.TrySetResult(match.Groups[1].Value);
                }
            },
            onStdoutClosed: () => listening.TrySetException(
                new InvalidOperationException($"{name} closed its output before printing its address")));
        try
        {
            string address = await listening.Task.WaitAsync(readyTimeout).ConfigureAwait(false);
            return new DevServerProcess(process, address);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            string log = process.LogText();
            string exit = process.ExitDescription();
            await process.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"{name} did not report 'listening on http(s)://...' within {readyTimeout} ({exit}):\n{log}", ex);
        }
    }

    /// <summary>SIGKILL: the server gets no chance to flush anything.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
    }

    // https:// when the gRPC port serves TLS.
    [GeneratedRegex(@"listening on https?://(\S+)")]
    private static partial Regex ListeningLine();
}
