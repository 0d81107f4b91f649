namespace ContentFlows.Temporal.Workflows;

/// <summary>Marks a signal handler: a public method returning Task. The signal name is <see cref="Name"/>, or the method name without an "Async" suffix.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WorkflowSignalAttribute : Attribute
{
    /// <summary>Initializes a new instance named after the method.</summary>
    public WorkflowSignalAttribute()
    {
    }

    /// <summary>Initializes a new instance with an explicit signal name.</summary>
    public WorkflowSignalAttribute(string name)
    {
        Name = name;
    }

    /// <summary>Gets the signal name, or null to derive it from the method name.</summary>
    public string? Name { get; }
}
