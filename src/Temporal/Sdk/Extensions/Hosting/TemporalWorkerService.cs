using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentFlows.Temporal.Extensions.Hosting;

/// <summary>
/// A hosted service running one <see cref="TemporalWorker"/> for the host's lifetime; registered by
/// <c>AddHostedTemporalWorker</c>. The host's stop starts the worker's graceful shutdown.
/// </summary>
public sealed class TemporalWorkerService : BackgroundService
{
    private readonly string taskQueue;
    private readonly IOptionsMonitor<TemporalWorkerServiceOptions> optionsMonitor;
    private readonly IServiceProvider services;

    /// <summary>Initializes a new instance for the worker registered under <paramref name="taskQueue"/>.</summary>
    /// <param name="taskQueue">The task queue; also the name of the worker's options.</param>
    /// <param name="optionsMonitor">The workers' named options.</param>
    /// <param name="services">The container: the client (unless the options say how to connect one) and the logger factory.</param>
    public TemporalWorkerService(string taskQueue, IOptionsMonitor<TemporalWorkerServiceOptions> optionsMonitor, IServiceProvider services)
    {
        this.taskQueue = taskQueue;
        this.optionsMonitor = optionsMonitor;
        this.services = services;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = optionsMonitor.Get(taskQueue);
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        TemporalClient? ownClient = null;
        try
        {
            ITemporalClient client;
            if (options.ClientOptions is { } clientOptions)
            {
                if (ReferenceEquals(clientOptions.LoggerFactory, NullLoggerFactory.Instance) && options.LoggerFactory is { } loggerFactory)
                {
                    clientOptions.LoggerFactory = loggerFactory;
                }

                client = ownClient = await TemporalClient.ConnectAsync(clientOptions, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                client = services.GetService<ITemporalClient>() ?? throw new InvalidOperationException(
                    $"The hosted worker for task queue '{taskQueue}' needs an ITemporalClient: call services.AddTemporalClient(...) or set ClientOptions with ConfigureOptions.");
            }

            using var worker = new TemporalWorker(client, options);
            await worker.ExecuteAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the worker has shut down gracefully.
        }
        finally
        {
            ownClient?.Dispose();
        }
    }
}
