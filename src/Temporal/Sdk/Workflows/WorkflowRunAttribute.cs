namespace ContentFlows.Temporal.Workflows;

/// <summary>Marks the workflow's entry method: public, returning Task or Task&lt;T&gt;.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WorkflowRunAttribute : Attribute
{
}
