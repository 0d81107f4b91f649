namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A WaitConditionAsync predicate, re-checked after every drain of the workflow scheduler.</summary>
internal sealed class PendingCondition
{
    public PendingCondition(Func<bool> predicate)
    {
        Predicate = predicate;
    }

    public Func<bool> Predicate { get; }

    public TaskCompletionSource Completion { get; } = new();

    public CancellationTokenRegistration Registration { get; set; }
}
