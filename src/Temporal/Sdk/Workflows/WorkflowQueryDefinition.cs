using System.Reflection;

namespace ContentFlows.Temporal.Workflows;

/// <summary>A query handler of a workflow: a public property, or a public method not returning a Task, marked [WorkflowQuery].</summary>
public sealed class WorkflowQueryDefinition
{
    private WorkflowQueryDefinition(string name, MemberInfo member, Type resultType, IReadOnlyList<Type> parameterTypes)
    {
        Name = name;
        Member = member;
        ResultType = resultType;
        ParameterTypes = parameterTypes;
    }

    /// <summary>Gets the query name.</summary>
    public string Name { get; }

    /// <summary>Gets the property or method.</summary>
    public MemberInfo Member { get; }

    /// <summary>Gets the result type.</summary>
    public Type ResultType { get; }

    /// <summary>Gets the parameter types, in order (none for a property).</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    /// <summary>Creates the definition of a [WorkflowQuery] property or method, validating its shape.</summary>
    /// <param name="member">The property or method.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The member is not a public readable property or a public non-async method with a result.</exception>
    public static WorkflowQueryDefinition Create(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var where = $"{member.DeclaringType?.FullName}.{member.Name}";
        var name = TemporalNames.Query(member);
        switch (member)
        {
            case PropertyInfo property:
                if (property.GetMethod is not { IsPublic: true, IsStatic: false })
                {
                    throw new ArgumentException($"[WorkflowQuery] {where} must be a public instance property with a getter.", nameof(member));
                }

                CheckResult(property.PropertyType, where);
                return new WorkflowQueryDefinition(name, property, property.PropertyType, []);
            case MethodInfo method:
                if (!method.IsPublic || method.IsStatic)
                {
                    throw new ArgumentException($"[WorkflowQuery] {where} must be a public instance method.", nameof(member));
                }

                CheckResult(method.ReturnType, where);
                return new WorkflowQueryDefinition(name, method, method.ReturnType, [.. method.GetParameters().Select(p => p.ParameterType)]);
            default:
                throw new ArgumentException($"[WorkflowQuery] {where} must be a property or a method.", nameof(member));
        }
    }

    /// <summary>Runs the query against a workflow object.</summary>
    /// <param name="workflow">The workflow object.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The result.</returns>
    internal object? Invoke(object workflow, object?[] args) => Member switch
    {
        PropertyInfo property => property.GetValue(workflow),
        MethodInfo method => method.Invoke(workflow, args),
        _ => throw new InvalidOperationException($"Query {Name} has no invocable member."),
    };

    private static void CheckResult(Type type, string where)
    {
        if (type == typeof(void) || typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            throw new ArgumentException($"[WorkflowQuery] {where} must return a value synchronously (queries cannot wait); it returns {type.Name}.", nameof(type));
        }
    }
}
