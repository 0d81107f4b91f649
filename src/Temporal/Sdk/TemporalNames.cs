using System.Reflection;
using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal;

/// <summary>How workflow, activity, signal and query names derive from C# members; one rule for client, worker and workflows.</summary>
internal static class TemporalNames
{
    public static string Workflow(Type type)
    {
        var attribute = type.GetCustomAttribute<WorkflowAttribute>(inherit: false)
            ?? throw new ArgumentException($"{type.FullName} has no [Workflow] attribute.", nameof(type));
        return attribute.Name ?? StripGenericArity(type.Name);
    }

    public static string Activity(MethodInfo method)
    {
        var attribute = method.GetCustomAttribute<ActivityAttribute>(inherit: false);
        return attribute?.Name ?? WithoutAsyncSuffix(method.Name);
    }

    public static string Signal(MethodInfo method)
    {
        var attribute = method.GetCustomAttribute<WorkflowSignalAttribute>(inherit: false)
            ?? throw new ArgumentException($"{method.DeclaringType?.FullName}.{method.Name} has no [WorkflowSignal] attribute.", nameof(method));
        return attribute.Name ?? WithoutAsyncSuffix(method.Name);
    }

    public static string Query(MemberInfo member)
    {
        var attribute = member.GetCustomAttribute<WorkflowQueryAttribute>(inherit: false)
            ?? throw new ArgumentException($"{member.DeclaringType?.FullName}.{member.Name} has no [WorkflowQuery] attribute.", nameof(member));
        return attribute.Name ?? member.Name;
    }

    private static string WithoutAsyncSuffix(string name) =>
        name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal) ? name[..^5] : name;

    private static string StripGenericArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
