namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A timer the workflow started and waits on.</summary>
internal sealed class PendingTimer
{
    public PendingTimer(string timerId)
    {
        TimerId = timerId;
    }

    public string TimerId { get; }

    public TaskCompletionSource Completion { get; } = new();

    public PendingCommand? Command { get; set; }

    public CancellationTokenRegistration Registration { get; set; }
}
