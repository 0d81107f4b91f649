using System.Diagnostics;
using System.Threading.Channels;
using System.Net;
using System.Net.Sockets;

namespace ContentFlows.Temporal.DevServer.Tests;

/// <summary>The dev server executable run as a process, ready once it printed its address; <see cref="Kill"/> is a SIGKILL.</summary>
internal sealed class DevServerProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errorLines;
    private readonly Channel<string> errorLineFeed;

    private DevServerProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> errorLines, Channel<string> errorLineFeed)
    {
        this.process = process;
        this.errorLines = errorLines;
        this.errorLineFeed = errorLineFeed;
    }

    /// <summary>Gets what the server wrote to stderr so far.</summary>
    public string StandardError => string.Join('\n', errorLines);

    /// <summary>A free loopback address, so a restarted server can take the same one.</summary>
    public static string FreeAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>The arguments of a server on <paramref name="address"/> keeping its state in <paramref name="schema"/>, without UI.</summary>
    public static string[] PostgresArguments(string address, string connectionString, string schema) =>
        ["--address", address, "--ui-address", "off", "--store", "Postgres", "--postgres", connectionString, "--postgres-schema", schema];

    public static async Task<DevServerProcess> StartAsync(TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo(DevServerExecutable.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var errorLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var errorLineFeed = Channel.CreateUnbounded<string>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("listening on ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                errorLines.Enqueue(text);
                errorLineFeed.Writer.TryWrite(text);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The dev server exited with code {process.ExitCode} before listening: {string.Join('\n', errorLines)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(deadline);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }

        return new DevServerProcess(process, errorLines, errorLineFeed);
    }

    /// <summary>The stderr lines up to and including the first one containing <paramref name="text"/>, in order; throws past the deadline.</summary>
    public async Task<IReadOnlyList<string>> ErrorLinesThroughAsync(string text, TimeSpan deadline)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(deadline);
        await foreach (var line in errorLineFeed.Reader.ReadAllAsync(timeout.Token))
        {
            lines.Add(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return lines;
            }
        }

        throw new InvalidOperationException($"stderr ended without a line containing '{text}': {string.Join('\n', lines)}");
    }

    /// <summary>Waits for the server to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: the server gets no chance to flush or close anything.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
