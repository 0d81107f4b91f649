using System.Reflection;

namespace ContentFlows.Temporal.Workflows;

/// <summary>
/// A workflow class as the runtime sees it: its type name, its [WorkflowRun] method, its signal and query handlers,
/// read by reflection and validated once, with errors that name the member at fault.
/// </summary>
public sealed class WorkflowDefinition
{
    private readonly ConstructorInfo constructor;

    private WorkflowDefinition(
        Type type,
        string name,
        MethodInfo runMethod,
        Type? resultType,
        ConstructorInfo constructor,
        IReadOnlyDictionary<string, WorkflowSignalDefinition> signals,
        IReadOnlyDictionary<string, WorkflowQueryDefinition> queries)
    {
        Type = type;
        Name = name;
        RunMethod = runMethod;
        ResultType = resultType;
        this.constructor = constructor;
        Signals = signals;
        Queries = queries;
        RunParameterTypes = [.. runMethod.GetParameters().Select(p => p.ParameterType)];
    }

    /// <summary>Gets the workflow class.</summary>
    public Type Type { get; }

    /// <summary>Gets the workflow type name.</summary>
    public string Name { get; }

    /// <summary>Gets the [WorkflowRun] method.</summary>
    public MethodInfo RunMethod { get; }

    /// <summary>Gets the parameter types of the run method, in order.</summary>
    public IReadOnlyList<Type> RunParameterTypes { get; }

    /// <summary>Gets the result type of the run method (T of Task&lt;T&gt;), or null when it returns Task.</summary>
    public Type? ResultType { get; }

    /// <summary>Gets the signal handlers by signal name.</summary>
    public IReadOnlyDictionary<string, WorkflowSignalDefinition> Signals { get; }

    /// <summary>Gets the query handlers by query name.</summary>
    public IReadOnlyDictionary<string, WorkflowQueryDefinition> Queries { get; }

    /// <summary>Creates the definition of a [Workflow] class, validating it.</summary>
    /// <param name="type">The workflow class.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The class is not a valid workflow; the message names the problem.</exception>
    public static WorkflowDefinition Create(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = TemporalNames.Workflow(type);
        if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters)
        {
            throw new ArgumentException($"Workflow {type.FullName} must be a concrete, non-generic class.", nameof(type));
        }

        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new ArgumentException($"Workflow {type.FullName} needs a public parameterless constructor.", nameof(type));

        const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var runMethods = type.GetMethods(Members).Where(m => m.IsDefined(typeof(WorkflowRunAttribute), inherit: false)).ToList();
        if (runMethods.Count != 1)
        {
            throw new ArgumentException(
                $"Workflow {type.FullName} must have exactly one [WorkflowRun] method; found {runMethods.Count}{(runMethods.Count > 1 ? ": " + string.Join(", ", runMethods.Select(m => m.Name)) : string.Empty)}.",
                nameof(type));
        }

        var run = runMethods[0];
        if (!run.IsPublic || run.IsStatic)
        {
            throw new ArgumentException($"[WorkflowRun] {type.FullName}.{run.Name} must be a public instance method.", nameof(type));
        }

        Type? resultType;
        if (run.ReturnType == typeof(Task))
        {
            resultType = null;
        }
        else if (run.ReturnType.IsGenericType && run.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = run.ReturnType.GetGenericArguments()[0];
        }
        else
        {
            throw new ArgumentException($"[WorkflowRun] {type.FullName}.{run.Name} must return Task or Task<T>; it returns {run.ReturnType.Name}.", nameof(type));
        }

        var signals = new Dictionary<string, WorkflowSignalDefinition>(StringComparer.Ordinal);
        foreach (var method in type.GetMethods(Members).Where(m => m.IsDefined(typeof(WorkflowSignalAttribute), inherit: false)))
        {
            var signal = WorkflowSignalDefinition.Create(method);
            if (!signals.TryAdd(signal.Name, signal))
            {
                throw new ArgumentException($"Workflow {type.FullName} has two handlers for signal \"{signal.Name}\": {signals[signal.Name].Method.Name} and {method.Name}.", nameof(type));
            }
        }

        var queries = new Dictionary<string, WorkflowQueryDefinition>(StringComparer.Ordinal);
        var queryMembers = type.GetMethods(Members).Cast<MemberInfo>()
            .Concat(type.GetProperties(Members))
            .Where(m => m.IsDefined(typeof(WorkflowQueryAttribute), inherit: false));
        foreach (var member in queryMembers)
        {
            var query = WorkflowQueryDefinition.Create(member);
            if (query.Name.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Query \"{query.Name}\" on {type.FullName}.{member.Name}: names starting with \"__\" are reserved by Temporal.", nameof(type));
            }

            if (!queries.TryAdd(query.Name, query))
            {
                throw new ArgumentException($"Workflow {type.FullName} has two handlers for query \"{query.Name}\": {queries[query.Name].Member.Name} and {member.Name}.", nameof(type));
            }
        }

        return new WorkflowDefinition(type, name, run, resultType, constructor, signals, queries);
    }

    /// <summary>Creates a new workflow object.</summary>
    /// <returns>The workflow object.</returns>
    internal object CreateInstance()
    {
        try
        {
            return constructor.Invoke(null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
