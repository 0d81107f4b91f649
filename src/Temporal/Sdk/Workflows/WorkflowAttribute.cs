namespace ContentFlows.Temporal.Workflows;

/// <summary>Marks a class as a workflow definition. Its workflow type name is <see cref="Name"/>, or the class name.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class WorkflowAttribute : Attribute
{
    /// <summary>Initializes a new instance named after the class.</summary>
    public WorkflowAttribute()
    {
    }

    /// <summary>Initializes a new instance with an explicit workflow type name.</summary>
    public WorkflowAttribute(string name)
    {
        Name = name;
    }

    /// <summary>Gets the workflow type name, or null to use the class name.</summary>
    public string? Name { get; }
}
