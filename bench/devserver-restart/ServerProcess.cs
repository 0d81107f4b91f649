using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ContentFlows.Bench.DevServerRestart;

/// <summary>The dev server as its own process: started, timed until it listens, measured through /proc, killed.</summary>
internal sealed partial class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<string> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch sinceSpawn = Stopwatch.StartNew();

    private ServerProcess(string dll, string connectionString, string schema)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--address", "127.0.0.1:0", "--ui-address", "off", "--store", "postgres", "--postgres", connectionString, "--postgres-schema", schema },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the dev server.");
        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => listening.TrySetException(new InvalidOperationException($"The dev server exited with {process.ExitCode} before listening.")), TaskScheduler.Default);
    }

    public string Address { get; private set; } = string.Empty;

    /// <summary>Gets the time from spawning the process to its "listening on" line.</summary>
    public TimeSpan StartTime { get; private set; }

    public static async Task<ServerProcess> StartAsync(string dll, string connectionString, string schema, TimeSpan timeout)
    {
        var server = new ServerProcess(dll, connectionString, schema);
        server.Address = await server.listening.Task.WaitAsync(timeout);
        return server;
    }

    /// <summary>Reads a memory figure of /proc/PID/status (VmRSS: resident now; VmHWM: the peak), in MiB.</summary>
    public double MemoryMiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"No {field} in /proc/{process.Id}/status.");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"listening on http://(\S+)")]
    private static partial Regex ListeningLine();

    private void Watch(string? line)
    {
        if (line is not null && ListeningLine().Match(line) is { Success: true } match && !listening.Task.IsCompleted)
        {
            StartTime = sinceSpawn.Elapsed;
            listening.TrySetResult(match.Groups[1].Value);
        }
    }
}
