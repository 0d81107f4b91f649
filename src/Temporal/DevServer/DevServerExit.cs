namespace ContentFlows.Temporal.DevServer;

/// <summary>The program's exit code, set by the hosted server when it stops itself rather than being asked to.</summary>
internal sealed class DevServerExit
{
    /// <summary>The exit code after a fail-stop: memory may have held changes the store lost, so a restart must recover from the store.</summary>
    public const int FailStopExitCode = 70;

    /// <summary>Gets or sets the code the program exits with; 0 unless the server stopped itself.</summary>
    public int ExitCode { get; set; }
}
