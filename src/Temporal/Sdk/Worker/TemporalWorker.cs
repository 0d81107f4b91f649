using System.Runtime.ExceptionServices;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// Polls one task queue for workflow and activity tasks and runs them, until the token given to
/// <see cref="ExecuteAsync(CancellationToken)"/> is cancelled; then stops polling, lets running tasks finish within
/// <see cref="TemporalWorkerOptions.GracefulShutdownTimeout"/>, and tells the server it is gone.
/// </summary>
public sealed partial class TemporalWorker : IDisposable
{
    private readonly WorkerSettings settings;
    private readonly ILogger logger;
    private readonly ActivityWorker? activityWorker;
    private int started;

    /// <summary>Initializes a new instance; nothing is polled until <see cref="ExecuteAsync(CancellationToken)"/>.</summary>
    /// <param name="client">The connected client; its namespace, identity and data converter are used unless the options override them.</param>
    /// <param name="options">What to run and how much at once; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public TemporalWorker(ITemporalClient client, TemporalWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Client = client;
        Options = options;
        var loggerFactory = options.LoggerFactory ?? client.Options.LoggerFactory ?? NullLoggerFactory.Instance;
        settings = new WorkerSettings(
            client,
            options,
            client.Options.Namespace,
            options.TaskQueue!,
            options.Identity ?? client.Options.Identity,
            options.DataConverter ?? client.Options.DataConverter,
            loggerFactory,
            options.TimeProvider);
        logger = loggerFactory.CreateLogger<TemporalWorker>();
        activityWorker = options.Activities.Count > 0 ? new ActivityWorker(settings) : null;
        CreateWorkflowWorker();
    }

    /// <summary>Gets the client the worker polls through.</summary>
    public ITemporalClient Client { get; }

    /// <summary>Gets the worker's options.</summary>
    public TemporalWorkerOptions Options { get; }

    /// <summary>
    /// Runs the worker until <paramref name="stoppingToken"/> is cancelled, then shuts down gracefully. Checks first
    /// that the namespace exists. Poll failures from an unreachable or restarting server are retried with backoff.
    /// </summary>
    /// <param name="stoppingToken">Starts the graceful shutdown when cancelled.</param>
    /// <returns>A task that ends with <see cref="OperationCanceledException"/> after a shutdown asked for by the token.</returns>
    /// <exception cref="InvalidOperationException">The worker already ran, or the namespace does not exist.</exception>
    /// <exception cref="RpcException">Polling failed with an error that retrying cannot fix (for example permission denied).</exception>
    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("This TemporalWorker has already been started; create a new one.");
        }

        await CheckNamespaceAsync(stoppingToken).ConfigureAwait(false);
        WorkerLog.WorkerStarting(logger, settings.TaskQueue, settings.Namespace, WorkflowCount, Options.Activities.Count);
        using var pollSource = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pollers = new List<Task>();
        if (activityWorker is not null)
        {
            pollers.Add(activityWorker.RunPollersAsync(pollSource.Token));
        }

        AddWorkflowPollers(pollers, pollSource.Token);
        var allPollers = Task.WhenAll(pollers);
        Exception? fatal = null;
        try
        {
            // Pollers only end on their own with a fatal error; otherwise they run until the token stops them.
            var firstEnded = await Task.WhenAny(pollers).WaitAsync(stoppingToken).ConfigureAwait(false);
            await firstEnded.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            fatal = e;
            WorkerLog.WorkerFailed(logger, settings.TaskQueue, e);
        }

        WorkerLog.WorkerShuttingDown(logger, settings.TaskQueue);
        await pollSource.CancelAsync().ConfigureAwait(false);
        await allPollers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var drains = new List<Task>();
        if (activityWorker is not null)
        {
            drains.Add(activityWorker.DrainAsync(Options.GracefulShutdownTimeout));
        }

        AddWorkflowDrain(drains);
        await Task.WhenAll(drains).ConfigureAwait(false);
        await ShutdownWorkerAsync().ConfigureAwait(false);
        WorkerLog.WorkerStopped(logger, settings.TaskQueue);
        if (fatal is not null)
        {
            ExceptionDispatchInfo.Capture(fatal).Throw();
        }

        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>Runs the worker while <paramref name="untilComplete"/> runs, then shuts it down; handy in tests and one-off programs.</summary>
    /// <param name="untilComplete">The work to do while the worker runs.</param>
    /// <param name="stoppingToken">Stops the worker early.</param>
    /// <returns>A task that completes after the work and the shutdown; the worker's own failure surfaces first.</returns>
    public async Task ExecuteAsync(Func<Task> untilComplete, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(untilComplete);
        await ExecuteAsync(async () =>
        {
            await untilComplete().ConfigureAwait(false);
            return true;
        }, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Runs the worker while <paramref name="untilComplete"/> runs, then shuts it down and returns its result.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="untilComplete">The work to do while the worker runs.</param>
    /// <param name="stoppingToken">Stops the worker early.</param>
    /// <returns>The work's result, after the worker has shut down.</returns>
    public async Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> untilComplete, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(untilComplete);
        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var workerTask = ExecuteAsync(stopSource.Token);
        var userTask = untilComplete();
        var first = await Task.WhenAny(workerTask, userTask).ConfigureAwait(false);
        if (first == workerTask)
        {
            // The worker stopped before the work finished: surface why.
            await workerTask.ConfigureAwait(false);
        }

        await stopSource.CancelAsync().ConfigureAwait(false);
        try
        {
            await workerTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopSource.IsCancellationRequested)
        {
        }

        return await userTask.ConfigureAwait(false);
    }

    /// <summary>Releases the worker's resources; call after <see cref="ExecuteAsync(CancellationToken)"/> has returned.</summary>
    public void Dispose()
    {
        activityWorker?.Dispose();
        DisposeWorkflowWorker();
    }

    private async Task CheckNamespaceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.WorkflowService.DescribeNamespaceAsync(
                new DescribeNamespaceRequest { Namespace = settings.Namespace },
                new RpcOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == GrpcStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"The worker for task queue '{settings.TaskQueue}' cannot start: namespace '{settings.Namespace}' does not exist on the server ({e.Message}).", e);
        }
    }

    private async Task ShutdownWorkerAsync()
    {
        var request = new ShutdownWorkerRequest
        {
            Namespace = settings.Namespace,
            Identity = settings.Identity,
            Reason = "graceful shutdown",
            TaskQueue = settings.TaskQueue,
        };
        if (activityWorker is not null)
        {
            request.TaskQueueTypes.Add(TaskQueueType.Activity);
        }

        if (WorkflowCount > 0)
        {
            request.TaskQueueTypes.Add(TaskQueueType.Workflow);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), settings.TimeProvider);
            await Client.WorkflowService.ShutdownWorkerAsync(request, new RpcOptions { CancellationToken = timeout.Token, Retry = false }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // Older servers answer UNIMPLEMENTED; an unreachable one cannot be told. Shutdown is complete either way.
            WorkerLog.ShutdownWorkerFailed(logger, e);
        }
    }
}
