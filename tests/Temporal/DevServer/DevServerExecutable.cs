using System.Diagnostics;

namespace ContentFlows.Temporal.DevServer.Tests;

/// <summary>The dev server's apphost built with these tests (the project reference copies it next to them), run as a process.</summary>
internal static class DevServerExecutable
{
    public static string Path { get; } = Find();

    /// <summary>Runs the executable to its exit (or the deadline) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path} {string.Join(' ', arguments)} still ran after {deadline}; stdout: {await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Find()
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "ContentFlows.Temporal.DevServer");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException("The dev server's apphost is not next to the tests; build tests/Temporal/DevServer (it references src/Temporal/DevServer).", path);
    }
}
