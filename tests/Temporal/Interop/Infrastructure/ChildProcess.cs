using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>
/// A child process whose stdout and stderr are captured line by line (with timestamps) and which is
/// killed when disposed or, at the latest, when the test host exits.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();

    private readonly Process process;
    private readonly Action<string>? onStdoutLine;
    private readonly Action? onStdoutClosed;
    private readonly List<string> log = [];
    private readonly Lock logGate = new();

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (ChildProcess child in Live.Keys)
            {
                child.Kill();
            }
        };
    }

    private ChildProcess(string name, Process process, Action<string>? onStdoutLine, Action? onStdoutClosed)
    {
        Name = name;
        this.process = process;
        this.onStdoutLine = onStdoutLine;
        this.onStdoutClosed = onStdoutClosed;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, or null while the process runs.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public int LogLineCount
    {
        get
        {
            lock (logGate)
            {
                return log.Count;
            }
        }
    }

    public StreamWriter StandardInput => process.StandardInput;

    /// <summary>Starts <paramref name="fileName"/>; <paramref name="onStdoutLine"/> sees every stdout line as it arrives.</summary>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onStdoutLine = null,
        Action? onStdoutClosed = null,
        bool redirectStandardInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStandardInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, onStdoutLine, onStdoutClosed);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data, "out");
        process.ErrorDataReceived += (_, e) => child.OnOutput(e.Data, "err");
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {fileName}");
        }

        Live[child] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.AppendLog("---", $"started pid {process.Id}: {fileName} {string.Join(' ', info.ArgumentList)}");
        return child;
    }

    /// <summary>The captured output from line <paramref name="fromLine"/> on, at most the last <paramref name="maxLines"/> lines.</summary>
    public string LogText(int fromLine = 0, int maxLines = 2000)
    {
        lock (logGate)
        {
            int start = Math.Max(Math.Min(fromLine, log.Count), log.Count - maxLines);
            var text = new StringBuilder();
            if (start > fromLine)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"[{Name}] ... {start - fromLine} earlier lines omitted");
            }

            for (int i = start; i < log.Count; i++)
            {
                text.AppendLine(log[i]);
            }

            return text.ToString();
        }
    }

    /// <summary>SIGKILL, no grace.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                AppendLog("---", "killed");
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>SIGTERM, then SIGKILL if the process is still alive after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        if (!await WaitForExitAsync(grace).ConfigureAwait(false))
        {
            AppendLog("---", $"still running {grace.TotalSeconds:0.#} s after SIGTERM");
            Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the process (and its output streams) to end; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string ExitDescription() =>
        process.HasExited ? $"{Name} exited with code {process.ExitCode}" : $"{Name} is still running";

    public async ValueTask DisposeAsync()
    {
        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Live.TryRemove(this, out _);
        process.Dispose();
    }

    private void OnOutput(string? line, string stream)
    {
        if (line is null)
        {
            if (stream == "out")
            {
                onStdoutClosed?.Invoke();
            }

            return;
        }

        AppendLog(stream, line);
        if (stream == "out")
        {
            onStdoutLine?.Invoke(line);
        }
    }

    private void AppendLog(string stream, string line)
    {
        string stamped = string.Create(
            CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} [{Name} {stream}] {line}");
        lock (logGate)
        {
            log.Add(stamped);
        }
    }
}
