using System.Reflection;
using System.Runtime.ExceptionServices;
using ContentFlows.Temporal.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>Builds activity definitions whose instances come from the DI container, one scope per invocation for scoped and transient classes.</summary>
internal static class ServiceActivityInvoker
{
    public static IEnumerable<ActivityDefinition> CreateAll(Type type, IServiceProvider provider, ServiceActivityLifetime lifetime)
    {
        var methods = ActivityDefinition.ActivityMethods(type).ToList();
        if (methods.Count == 0)
        {
            throw new ArgumentException($"{type.FullName} has no [Activity] methods.", nameof(type));
        }

        foreach (var method in methods)
        {
            if (method.IsStatic)
            {
                yield return ActivityDefinition.Create(method, instanceFactory: null);
            }
            else if (lifetime == ServiceActivityLifetime.Singleton)
            {
                yield return ActivityDefinition.Create(method, () => provider.GetRequiredService(type));
            }
            else
            {
                yield return ActivityDefinition.Create(method, arguments => InvokeInScopeAsync(provider, type, method, arguments));
            }
        }
    }

    private static async Task<object?> InvokeInScopeAsync(IServiceProvider provider, Type type, MethodInfo method, object?[] arguments)
    {
        var scope = provider.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var instance = scope.ServiceProvider.GetRequiredService(type);
            object? returned;
            try
            {
                returned = method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            // Awaited inside the scope so scoped dependencies live as long as the activity runs.
            return await ActivityDefinition.AwaitResultAsync(returned).ConfigureAwait(false);
        }
    }
}
