using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>The default <see cref="ITemporalWorkerServiceOptionsBuilder"/>.</summary>
/// <param name="taskQueue">The worker's task queue.</param>
/// <param name="services">The service collection.</param>
public sealed class TemporalWorkerServiceOptionsBuilder(string taskQueue, IServiceCollection services) : ITemporalWorkerServiceOptionsBuilder
{
    /// <inheritdoc/>
    public string TaskQueue { get; } = taskQueue;

    /// <inheritdoc/>
    public IServiceCollection Services { get; } = services;
}
