using System.Reflection;
using System.Runtime.ExceptionServices;

namespace ContentFlows.Temporal.Activities;

/// <summary>
/// An activity the worker can run: its type name, the parameter types its arguments are converted to, and how
/// to invoke it. Built from an <see cref="ActivityAttribute"/> method.
/// </summary>
public sealed class ActivityDefinition
{
    private readonly Func<object?[], object?> invoker;

    private ActivityDefinition(string name, Type returnType, IReadOnlyList<Type> parameterTypes, int requiredParameterCount, Func<object?[], object?> invoker)
    {
        Name = name;
        ReturnType = returnType;
        ParameterTypes = parameterTypes;
        RequiredParameterCount = requiredParameterCount;
        this.invoker = invoker;
    }

    /// <summary>Gets the activity type name.</summary>
    public string Name { get; }

    /// <summary>Gets the declared return type (<see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/>, a value type, or void).</summary>
    public Type ReturnType { get; }

    /// <summary>Gets the result type once awaited, or null when the activity returns nothing (void, Task, ValueTask).</summary>
    public Type? ResultType => UnwrapResultType(ReturnType);

    /// <summary>Gets the parameter types the worker converts the input payloads to.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    /// <summary>Gets how many leading parameters have no default value and so must be sent.</summary>
    public int RequiredParameterCount { get; }

    /// <summary>Creates a definition from an <see cref="ActivityAttribute"/> method; instance methods get their target from <paramref name="instanceFactory"/> per invocation.</summary>
    /// <param name="method">The activity method.</param>
    /// <param name="instanceFactory">Returns the object to invoke an instance method on; null for static methods.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The method has no [Activity] attribute, has ref/out parameters, or needs an instance that was not given.</exception>
    public static ActivityDefinition Create(MethodInfo method, Func<object?>? instanceFactory)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!method.IsStatic && instanceFactory is null)
        {
            throw new ArgumentException($"Activity method {method.DeclaringType?.FullName}.{method.Name} is an instance method; an instance factory is required.", nameof(instanceFactory));
        }

        return Create(method, arguments => method.Invoke(method.IsStatic ? null : instanceFactory!(), arguments));
    }

    /// <summary>Creates a definition from an <see cref="ActivityAttribute"/> method with a custom invoker (for example one that builds the instance in a DI scope).</summary>
    /// <param name="method">The activity method; gives the name, parameter and return types.</param>
    /// <param name="invoker">Called with the converted arguments (defaults filled in); returns what the method returns.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The method has no [Activity] attribute or has ref/out parameters.</exception>
    public static ActivityDefinition Create(MethodInfo method, Func<object?[], object?> invoker)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(invoker);
        if (method.GetCustomAttribute<ActivityAttribute>(inherit: false) is null)
        {
            throw new ArgumentException($"{method.DeclaringType?.FullName}.{method.Name} has no [Activity] attribute.", nameof(method));
        }

        var parameters = method.GetParameters();
        if (parameters.FirstOrDefault(p => p.ParameterType.IsByRef) is { } byRef)
        {
            throw new ArgumentException($"Activity {method.DeclaringType?.FullName}.{method.Name} has a ref/out parameter '{byRef.Name}', which activities cannot have.", nameof(method));
        }

        if (method.ContainsGenericParameters)
        {
            throw new ArgumentException($"Activity {method.DeclaringType?.FullName}.{method.Name} is an open generic method.", nameof(method));
        }

        var required = parameters.TakeWhile(p => !p.HasDefaultValue && !p.IsOptional).Count();
        return new ActivityDefinition(
            ActivityName(method),
            method.ReturnType,
            [.. parameters.Select(p => p.ParameterType)],
            required,
            arguments => invoker(WithDefaults(parameters, arguments)));
    }

    /// <summary>Creates a definition from a delegate to an <see cref="ActivityAttribute"/> method (a method group, or a lambda whose attribute gives a name).</summary>
    /// <param name="activity">The delegate; invoked with the converted arguments.</param>
    /// <returns>The definition.</returns>
    public static ActivityDefinition Create(Delegate activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Create(activity.Method, arguments => activity.DynamicInvoke(arguments));
    }

    /// <summary>Creates definitions for every <see cref="ActivityAttribute"/> method of <paramref name="instance"/>'s type, invoked on that instance.</summary>
    /// <param name="instance">The object holding the activity methods.</param>
    /// <returns>At least one definition.</returns>
    /// <exception cref="ArgumentException">The type has no [Activity] methods.</exception>
    public static IReadOnlyList<ActivityDefinition> CreateAll(object instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return CreateAll(instance.GetType(), () => instance);
    }

    /// <summary>Creates definitions for every <see cref="ActivityAttribute"/> method of <paramref name="type"/>; instance methods run on what <paramref name="instanceFactory"/> returns per invocation.</summary>
    /// <param name="type">The type holding the activity methods.</param>
    /// <param name="instanceFactory">Returns the object to invoke instance methods on; null when all are static.</param>
    /// <returns>At least one definition.</returns>
    /// <exception cref="ArgumentException">The type has no [Activity] methods, or has instance methods and no factory.</exception>
    public static IReadOnlyList<ActivityDefinition> CreateAll(Type type, Func<object?>? instanceFactory)
    {
        ArgumentNullException.ThrowIfNull(type);
        var definitions = ActivityMethods(type).Select(method => Create(method, instanceFactory)).ToList();
        return definitions.Count > 0
            ? definitions
            : throw new ArgumentException($"{type.FullName} has no [Activity] methods.", nameof(type));
    }

    /// <summary>Invokes the activity and awaits it when it is asynchronous.</summary>
    /// <param name="arguments">Converted arguments, at least <see cref="RequiredParameterCount"/> of them; defaults fill the rest.</param>
    /// <returns>The awaited result, or null when the activity returns nothing.</returns>
    /// <exception cref="ArgumentException">Fewer arguments than <see cref="RequiredParameterCount"/> or more than <see cref="ParameterTypes"/>.</exception>
    public async Task<object?> InvokeAsync(object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length < RequiredParameterCount || arguments.Length > ParameterTypes.Count)
        {
            throw new ArgumentException(
                $"Activity {Name} takes {RequiredParameterCount}..{ParameterTypes.Count} arguments; got {arguments.Length}.", nameof(arguments));
        }

        object? returned;
        try
        {
            returned = invoker(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        return await AwaitResultAsync(returned).ConfigureAwait(false);
    }

    /// <summary>The [Activity] methods of a type, public or not, static or instance.</summary>
    internal static IEnumerable<MethodInfo> ActivityMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<ActivityAttribute>(inherit: false) is not null);

    /// <summary>Awaits what an activity method returned (Task, Task{T}, ValueTask, ValueTask{T} or a plain value) and gives its result.</summary>
    internal static async Task<object?> AwaitResultAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return ResultOf(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            case not null when returned.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)type.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
                return await AwaitResultAsync(asTask).ConfigureAwait(false);
            default:
                return returned;
        }
    }

    // Async methods return subclasses of Task<T> (state machine boxes, Task<VoidTaskResult> for plain Task); find the Task<T> base.
    private static object? ResultOf(Task task)
    {
        for (var type = task.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var result = type.GetProperty(nameof(Task<object>.Result))!.GetValue(task);
                return type.GetGenericArguments()[0].FullName == "System.Threading.Tasks.VoidTaskResult" ? null : result;
            }
        }

        return null;
    }

    private static Type? UnwrapResultType(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    private static object?[] WithDefaults(ParameterInfo[] parameters, object?[] arguments)
    {
        if (arguments.Length >= parameters.Length)
        {
            return arguments;
        }

        var all = new object?[parameters.Length];
        arguments.CopyTo(all, 0);
        for (var i = arguments.Length; i < parameters.Length; i++)
        {
            all[i] = parameters[i].HasDefaultValue ? parameters[i].DefaultValue : Type.Missing;
        }

        return all;
    }

    private static string ActivityName(MethodInfo method)
    {
        var name = TemporalNames.Activity(method);
        if (method.GetCustomAttribute<ActivityAttribute>(inherit: false)?.Name is null && name.Contains('<', StringComparison.Ordinal))
        {
            // Lambdas and local functions get compiler names like "<Main>b__0_0"; they must be named explicitly.
            throw new ArgumentException($"Activity method '{method.Name}' is a lambda or local function; give it a name with [Activity(\"name\")].", nameof(method));
        }

        return name;
    }
}
