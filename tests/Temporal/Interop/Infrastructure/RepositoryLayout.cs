using System.Reflection;

namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>Where the repository, the TypeScript harness and the dev server build live.</summary>
internal static class RepositoryLayout
{
    private const string DevServerDllOverride = "CONTENTFLOWS_DEVSERVER_DLL";

    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly (Debug or Release).</summary>
    private static string Configuration { get; } = typeof(RepositoryLayout).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    public static string TypeScriptProject => Path.Combine(Root, "tests", "Temporal", "Interop", "ts");

    /// <summary>
    /// The dev server built alongside these tests (same configuration), or the DLL named by
    /// CONTENTFLOWS_DEVSERVER_DLL.
    /// </summary>
    public static string DevServerDll()
    {
        string? overridden = Environment.GetEnvironmentVariable(DevServerDllOverride);
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(overridden)
                ? overridden
                : throw new FileNotFoundException($"{DevServerDllOverride} names a file that does not exist", overridden);
        }

        string path = Path.Combine(
            Root, "src", "Temporal", "DevServer", "bin", Configuration, "net10.0", "ContentFlows.Temporal.DevServer.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The dev server is not built for {Configuration}: run `dotnet build src/Temporal/DevServer -c {Configuration}`", path);
    }

    /// <summary>The worker host (src/Worker) built in the same configuration as the calling test assembly.</summary>
    public static string WorkerDll()
    {
        string path = Path.Combine(Root, "src", "Worker", "bin", Configuration, "net10.0", "ContentFlows.Worker.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The worker is not built for {Configuration}: run `dotnet build src/Worker -c {Configuration}`", path);
    }

    /// <summary>The .NET SDK worker host (tests/Temporal/Interop/WorkerHost), built with these tests in the same configuration.</summary>
    public static string InteropWorkerHostDll()
    {
        string path = Path.Combine(
            Root, "tests", "Temporal", "Interop", "WorkerHost", "bin", Configuration, "net10.0", "ContentFlows.Temporal.InteropTests.WorkerHost.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The worker host is not built for {Configuration}: build tests/Temporal/Interop -c {Configuration}", path);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContentFlows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ContentFlows.sln above {AppContext.BaseDirectory}");
    }
}
