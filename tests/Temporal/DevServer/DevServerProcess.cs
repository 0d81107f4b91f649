using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContentFlows.Temporal.DevServer.Tests;

/// <summary>The dev server executable run as a process, ready once it printed its address; <see cref="Kill"/> is a SIGKILL.</summary>
internal sealed class DevServerProcess : IDisposable
{
    private readonly Process process;

    private DevServerProcess(Process process)
    {
        this.process = process;
    }

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
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("listening on http://", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        return new DevServerProcess(process);
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
