namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>Installs the harness's npm packages (exactly as locked) when they are missing or stale.</summary>
internal static class NpmDependencies
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            string project = RepositoryLayout.TypeScriptProject;
            string lockFile = Path.Combine(project, "package-lock.json");

            // npm writes node_modules/.package-lock.json last, so its age tells whether the install finished after the lock changed.
            string installedLock = Path.Combine(project, "node_modules", ".package-lock.json");
            if (File.Exists(installedLock) && File.GetLastWriteTimeUtc(installedLock) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            await using ChildProcess npm = ChildProcess.Start(
                "npm ci", "npm", ["ci", "--no-audit", "--no-fund"], project);
            if (!await npm.WaitForExitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false))
            {
                throw new TimeoutException($"npm ci did not finish within 10 minutes:\n{npm.LogText()}");
            }

            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed ({npm.ExitDescription()}):\n{npm.LogText()}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
