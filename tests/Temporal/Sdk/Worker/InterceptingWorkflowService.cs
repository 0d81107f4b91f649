using System.Reflection;
using ContentFlows.Temporal.Client;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>Wraps a real <see cref="IWorkflowService"/> so a test can replace or observe chosen RPCs (by method name).</summary>
public class InterceptingWorkflowService : DispatchProxy
{
    private IWorkflowService? inner;
    private Func<string, object?[], Func<object?>, object?>? intercept;

    /// <summary>Creates the wrapper; <paramref name="intercept"/> gets the method name, the arguments and a call to the real method.</summary>
    public static IWorkflowService Create(IWorkflowService inner, Func<string, object?[], Func<object?>, object?> intercept)
    {
        var proxy = Create<IWorkflowService, InterceptingWorkflowService>();
        var self = (InterceptingWorkflowService)(object)proxy;
        self.inner = inner;
        self.intercept = intercept;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        object? CallInner()
        {
            try
            {
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        return intercept!(targetMethod.Name, args, CallInner);
    }
}
