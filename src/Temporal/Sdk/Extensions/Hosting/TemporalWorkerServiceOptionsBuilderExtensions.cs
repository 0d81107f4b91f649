using ContentFlows.Temporal.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>Registers workflows and activities on a hosted worker.</summary>
public static partial class TemporalWorkerServiceOptionsBuilderExtensions
{
    /// <summary>
    /// Adds every <see cref="ActivityAttribute"/> method of <typeparamref name="T"/>; each invocation builds
    /// <typeparamref name="T"/> in a new DI scope (registered as scoped if not yet registered) and disposes the scope after.
    /// </summary>
    /// <typeparam name="T">The activity class; its constructor dependencies come from the container.</typeparam>
    /// <param name="builder">The worker builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddScopedActivities<T>(this ITemporalWorkerServiceOptionsBuilder builder)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<T>();
        return builder.AddActivitiesInstance(typeof(T), ServiceActivityLifetime.Scoped);
    }

    /// <summary>Adds every <see cref="ActivityAttribute"/> method of <typeparamref name="T"/>, invoked on one instance from the container (registered as singleton if not yet registered).</summary>
    /// <typeparam name="T">The activity class.</typeparam>
    /// <param name="builder">The worker builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddSingletonActivities<T>(this ITemporalWorkerServiceOptionsBuilder builder)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<T>();
        return builder.AddActivitiesInstance(typeof(T), ServiceActivityLifetime.Singleton);
    }

    /// <summary>Adds every <see cref="ActivityAttribute"/> method of <typeparamref name="T"/>, invoked on a new instance per invocation (registered as transient if not yet registered), inside a DI scope.</summary>
    /// <typeparam name="T">The activity class.</typeparam>
    /// <param name="builder">The worker builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddTransientActivities<T>(this ITemporalWorkerServiceOptionsBuilder builder)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddTransient<T>();
        return builder.AddActivitiesInstance(typeof(T), ServiceActivityLifetime.Transient);
    }

    /// <summary>Adds every static <see cref="ActivityAttribute"/> method of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The class declaring static activities.</typeparam>
    /// <param name="builder">The worker builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddStaticActivities<T>(this ITemporalWorkerServiceOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureOptions(options =>
        {
            foreach (var method in ActivityDefinition.ActivityMethods(typeof(T)).Where(m => m.IsStatic))
            {
                options.AddActivity(ActivityDefinition.Create(method, instanceFactory: null));
            }
        });
    }

    /// <summary>Changes the worker's options (limits, identity, data converter, its own client options...).</summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="configure">Applied to the options when the worker starts.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder ConfigureOptions(this ITemporalWorkerServiceOptionsBuilder builder, Action<TemporalWorkerServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<TemporalWorkerServiceOptions>(builder.TaskQueue).Configure(configure);
        return builder;
    }

    /// <summary>Changes the worker's options with access to the container.</summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="configure">Applied to the options when the worker starts.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ITemporalWorkerServiceOptionsBuilder ConfigureOptions(this ITemporalWorkerServiceOptionsBuilder builder, Action<TemporalWorkerServiceOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<TemporalWorkerServiceOptions>(builder.TaskQueue).Configure<IServiceProvider>(configure);
        return builder;
    }

    private static ITemporalWorkerServiceOptionsBuilder AddActivitiesInstance(this ITemporalWorkerServiceOptionsBuilder builder, Type type, ServiceActivityLifetime lifetime) =>
        builder.ConfigureOptions((options, provider) =>
        {
            foreach (var definition in ServiceActivityInvoker.CreateAll(type, provider, lifetime))
            {
                options.AddActivity(definition);
            }
        });
}
