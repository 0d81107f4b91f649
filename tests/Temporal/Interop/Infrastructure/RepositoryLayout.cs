using System.Reflection;

namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>Where the repository, the TypeScript harness and the dev server build live.</summary>
internal static class RepositoryLayout
{
    private const string DevServerDllOverride = "CONTENTFLOWS_DEVSERVER_DLL";

    public static string Root { get; } = FindRoot();

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

        string configuration = typeof(RepositoryLayout).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";
        string path = Path.Combine(
            Root, "src", "Temporal", "DevServer", "bin", configuration, "net10.0", "ContentFlows.Temporal.DevServer.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The dev server is not built for {configuration}: run `dotnet build src/Temporal/DevServer -c {configuration}`", path);
    }

    /// <summary>The worker host (src/Worker) built in the same configuration as the calling test assembly.</summary>
    public static string WorkerDll()
    {
        string configuration = typeof(RepositoryLayout).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";
        string path = Path.Combine(Root, "src", "Worker", "bin", configuration, "net10.0", "ContentFlows.Worker.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The worker is not built for {configuration}: run `dotnet build src/Worker -c {configuration}`", path);
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
