using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>Configures one hosted worker; returned by <c>AddHostedTemporalWorker</c>. See <see cref="TemporalWorkerServiceOptionsBuilderExtensions"/>.</summary>
public interface ITemporalWorkerServiceOptionsBuilder
{
    /// <summary>Gets the worker's task queue; it also names the worker's options.</summary>
    string TaskQueue { get; }

    /// <summary>Gets the service collection the worker is registered in.</summary>
    IServiceCollection Services { get; }
}
