using Microsoft.Extensions.DependencyInjection;
using Temporalio.Extensions.Hosting;

namespace ContentFlows.Activities.Temporal;

/// <summary>Registers the official Temporal client the way both the worker and the API connect.</summary>
public static class TemporalClientServiceCollectionExtensions
{
    /// <summary>Registers a lazily connecting <see cref="Temporalio.Client.ITemporalClient"/> for <paramref name="settings"/>.</summary>
    public static IServiceCollection AddContentFlowsTemporalClient(this IServiceCollection services, TemporalConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connect = settings.ToConnectOptions();
        var dataConverter = settings.DataConverter();
        services.AddTemporalClient(options =>
        {
            options.TargetHost = connect.TargetHost;
            options.Namespace = connect.Namespace;
            options.ApiKey = connect.ApiKey;
            options.Tls = connect.Tls;
            options.DataConverter = dataConverter;
        });
        return services;
    }
}
