namespace ContentFlows.Temporal.Workflows;

/// <summary>Marks a query handler: a public property or a non-async method that must not change state. The name is <see cref="Name"/>, or the member name.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
public sealed class WorkflowQueryAttribute : Attribute
{
    /// <summary>Initializes a new instance named after the member.</summary>
    public WorkflowQueryAttribute()
    {
    }

    /// <summary>Initializes a new instance with an explicit query name.</summary>
    public WorkflowQueryAttribute(string name)
    {
        Name = name;
    }

    /// <summary>Gets the query name, or null to use the member name.</summary>
    public string? Name { get; }
}
