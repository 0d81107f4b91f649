using ContentFlows.Temporal.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>Registers Temporal clients and hosted workers in a service collection.</summary>
public static class TemporalHostingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ITemporalClient"/> built from <see cref="TemporalClientConnectOptions"/>. The
    /// client connects lazily: no call is made until it is first used, so registering never blocks the host.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the target host, namespace and other client options.</param>
    /// <returns>The options builder, for further configuration (e.g. binding to configuration).</returns>
    public static OptionsBuilder<TemporalClientConnectOptions> AddTemporalClient(this IServiceCollection services, Action<TemporalClientConnectOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TemporalClientConnectOptions>>().Value;
            if (ReferenceEquals(options.LoggerFactory, NullLoggerFactory.Instance) && provider.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                options.LoggerFactory = loggerFactory;
            }

            return new LazyTemporalClientHolder(options);
        });
        services.TryAddSingleton<ITemporalClient>(provider => provider.GetRequiredService<LazyTemporalClientHolder>().Client);
        var builder = services.AddOptions<TemporalClientConnectOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return builder;
    }

    /// <summary>Registers a singleton <see cref="ITemporalClient"/> for <paramref name="targetHost"/> and <paramref name="clientNamespace"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="targetHost">The server as host:port.</param>
    /// <param name="clientNamespace">The namespace; null for <c>default</c>.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<TemporalClientConnectOptions> AddTemporalClient(this IServiceCollection services, string targetHost, string? clientNamespace = null) =>
        services.AddTemporalClient(options =>
        {
            options.TargetHost = targetHost;
            if (clientNamespace is not null)
            {
                options.Namespace = clientNamespace;
            }
        });

    /// <summary>
    /// Registers a hosted worker polling <paramref name="taskQueue"/> with the container's <see cref="ITemporalClient"/>
    /// (see <see cref="AddTemporalClient(IServiceCollection, Action{TemporalClientConnectOptions}?)"/>), or with its own
    /// client when <see cref="TemporalWorkerServiceOptions.ClientOptions"/> is set.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="taskQueue">The task queue; one hosted worker per task queue.</param>
    /// <returns>A builder to add workflows and activities and change options.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddHostedTemporalWorker(this IServiceCollection services, string taskQueue)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskQueue);

        // Not AddHostedService: it registers one instance per implementation type, and a host may run several workers.
        services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<TemporalWorkerService>(provider, taskQueue));
        return new TemporalWorkerServiceOptionsBuilder(taskQueue, services).ConfigureOptions(options => options.TaskQueue = taskQueue);
    }

    /// <summary>Registers a hosted worker with its own client connecting to <paramref name="clientTargetHost"/> at start.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="clientTargetHost">The server as host:port.</param>
    /// <param name="clientNamespace">The namespace.</param>
    /// <param name="taskQueue">The task queue.</param>
    /// <returns>A builder to add workflows and activities and change options.</returns>
    public static ITemporalWorkerServiceOptionsBuilder AddHostedTemporalWorker(this IServiceCollection services, string clientTargetHost, string clientNamespace, string taskQueue) =>
        services.AddHostedTemporalWorker(taskQueue).ConfigureOptions(options =>
            options.ClientOptions = new TemporalClientConnectOptions(clientTargetHost) { Namespace = clientNamespace });
}
