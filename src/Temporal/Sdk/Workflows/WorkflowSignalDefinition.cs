using System.Reflection;

namespace ContentFlows.Temporal.Workflows;

/// <summary>A signal handler of a workflow: a public method returning <see cref="Task"/>, marked [WorkflowSignal].</summary>
public sealed class WorkflowSignalDefinition
{
    private WorkflowSignalDefinition(string name, MethodInfo method)
    {
        Name = name;
        Method = method;
        ParameterTypes = [.. method.GetParameters().Select(p => p.ParameterType)];
    }

    /// <summary>Gets the signal name.</summary>
    public string Name { get; }

    /// <summary>Gets the handler method.</summary>
    public MethodInfo Method { get; }

    /// <summary>Gets the parameter types, in order.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    /// <summary>Creates the definition of a [WorkflowSignal] method, validating its shape.</summary>
    /// <param name="method">The method.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The method is not a public instance method returning Task.</exception>
    public static WorkflowSignalDefinition Create(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var where = $"{method.DeclaringType?.FullName}.{method.Name}";
        if (!method.IsPublic || method.IsStatic)
        {
            throw new ArgumentException($"[WorkflowSignal] {where} must be a public instance method.", nameof(method));
        }

        if (method.ReturnType != typeof(Task))
        {
            throw new ArgumentException($"[WorkflowSignal] {where} must return Task; it returns {method.ReturnType.Name}.", nameof(method));
        }

        return new WorkflowSignalDefinition(TemporalNames.Signal(method), method);
    }
}
