using System.Collections.Concurrent;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// The workflow half of a worker: long-polls the workflow task queue while a slot is free, hands each task to the
/// <see cref="WorkflowTaskProcessor"/> (payloads decoded first, the answer encoded after) and sends the answer back.
/// </summary>
internal sealed class WorkflowWorker : IDisposable
{

    private readonly WorkerSettings settings;
    private readonly WorkflowTaskProcessor processor;
    private readonly TaskSlots slots;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<object, Task> running = new();

    public WorkflowWorker(WorkerSettings settings)
    {
        this.settings = settings;
        processor = new WorkflowTaskProcessor(new WorkflowTaskProcessorOptions
        {
            Workflows = [.. settings.Options.Workflows],
            DataConverter = settings.DataConverter,
            Namespace = settings.Namespace,
            TaskQueue = settings.TaskQueue,
            Identity = settings.Identity,
            LoggerFactory = settings.LoggerFactory,
            MaxCachedWorkflows = settings.Options.MaxCachedWorkflows,
        });
        slots = new TaskSlots(settings.Options.MaxConcurrentWorkflowTasks);
        logger = settings.LoggerFactory.CreateLogger<WorkflowWorker>();
    }

    private IWorkflowService Service => settings.Client.WorkflowService;

    /// <summary>Polls with the configured number of pollers until <paramref name="pollToken"/> is cancelled; throws on a fatal poll error (after stopping the other pollers).</summary>
    public Task RunPollersAsync(CancellationToken pollToken) => WorkerPollers.RunAsync(settings.Options.MaxConcurrentWorkflowTaskPolls, PollLoopAsync, pollToken);

    /// <summary>Waits for the workflow tasks in progress (they are short: the runtime bounds each activation).</summary>
    public async Task DrainAsync()
    {
        while (!running.IsEmpty)
        {
            await Task.WhenAll(running.Values).ConfigureAwait(false);
        }
    }

    public void Dispose() => slots.Dispose();

    private Task PollLoopAsync(CancellationToken pollToken)
    {
        var request = new PollWorkflowTaskQueueRequest
        {
            Namespace = settings.Namespace,
            TaskQueue = new TaskQueue { Name = settings.TaskQueue, Kind = TaskQueueKind.Normal },
            Identity = settings.Identity,
        };
        return TaskPollLoop.RunAsync(
            slots,
            options => Service.PollWorkflowTaskQueueAsync(request, options),
            task => task.TaskToken.IsEmpty,
            StartProcessing,
            (e, failures) => WorkerLog.PollFailed(logger, "workflow", settings.TaskQueue, e.Code, failures, e.Message),
            settings.TimeProvider,
            pollToken);
    }

    private void StartProcessing(PollWorkflowTaskQueueResponse task)
    {
        var key = new object();
        var processing = new Task<Task>(() => ProcessAsync(task, key));
        running[key] = processing.Unwrap();
        processing.Start(TaskScheduler.Default);
    }

    private async Task ProcessAsync(PollWorkflowTaskQueueResponse task, object key)
    {
        var workflowType = task.WorkflowType?.Name ?? string.Empty;
        var runId = task.WorkflowExecution?.RunId ?? string.Empty;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["TaskQueue"] = settings.TaskQueue,
            ["WorkflowId"] = task.WorkflowExecution?.WorkflowId ?? string.Empty,
            ["RunId"] = runId,
            ["WorkflowType"] = workflowType,
        });
        try
        {
            await settings.Codec.DecodeAsync(task).ConfigureAwait(false);
            var completion = await processor.ProcessAsync(task, (token, cancellationToken) => FetchHistoryPageAsync(task, token, cancellationToken), CancellationToken.None).ConfigureAwait(false);
            await RespondAsync(task, completion).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == GrpcStatusCode.NotFound || (e.Code == GrpcStatusCode.InvalidArgument && e.Message.Contains("UnhandledCommand", StringComparison.Ordinal)))
        {
            // Stale task or new events arrived meanwhile: the server schedules another task, which replays from history.
            WorkerLog.WorkflowTaskDropped(logger, workflowType, e.Code, e.Message);
            processor.Evict(runId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            WorkerLog.WorkflowTaskProcessingFailed(logger, workflowType, e);
            processor.Evict(runId);
        }
        finally
        {
            running.TryRemove(key, out _);
            slots.Release();
        }
    }

    private async Task RespondAsync(PollWorkflowTaskQueueResponse task, WorkflowTaskCompletion completion)
    {
        if (completion.Completed is { } completed)
        {
            Fill(completed, task);
            await settings.Codec.EncodeAsync(completed).ConfigureAwait(false);
            await Service.RespondWorkflowTaskCompletedAsync(completed).ConfigureAwait(false);
        }
        else if (completion.Failed is { } failed)
        {
            processor.Evict(task.WorkflowExecution?.RunId ?? string.Empty);
            if (task.Attempt > 1)
            {
                // As the official SDKs do: report a failing task once; its retries are left to time out, so a
                // workflow stuck on a bug does not grow its history with a failure per attempt.
                WorkerLog.WorkflowTaskFailureNotReported(logger, task.WorkflowType?.Name ?? string.Empty, task.Attempt);
                return;
            }

            if (failed.TaskToken.IsEmpty)
            {
                failed.TaskToken = task.TaskToken;
            }

            if (string.IsNullOrEmpty(failed.Identity))
            {
                failed.Identity = settings.Identity;
            }

            if (string.IsNullOrEmpty(failed.Namespace))
            {
                failed.Namespace = settings.Namespace;
            }

            await settings.Codec.EncodeAsync(failed).ConfigureAwait(false);
            await Service.RespondWorkflowTaskFailedAsync(failed).ConfigureAwait(false);
        }
        else if (completion.QueryCompleted is { } query)
        {
            if (query.TaskToken.IsEmpty)
            {
                query.TaskToken = task.TaskToken;
            }

            if (string.IsNullOrEmpty(query.Namespace))
            {
                query.Namespace = settings.Namespace;
            }

            await settings.Codec.EncodeAsync(query).ConfigureAwait(false);
            await Service.RespondQueryTaskCompletedAsync(query).ConfigureAwait(false);
        }
    }

    private void Fill(RespondWorkflowTaskCompletedRequest completed, PollWorkflowTaskQueueResponse task)
    {
        if (completed.TaskToken.IsEmpty)
        {
            completed.TaskToken = task.TaskToken;
        }

        if (string.IsNullOrEmpty(completed.Identity))
        {
            completed.Identity = settings.Identity;
        }

        if (string.IsNullOrEmpty(completed.Namespace))
        {
            completed.Namespace = settings.Namespace;
        }
    }

    private async Task<GetWorkflowExecutionHistoryResponse> FetchHistoryPageAsync(PollWorkflowTaskQueueResponse task, ByteString pageToken, CancellationToken cancellationToken)
    {
        var page = await Service.GetWorkflowExecutionHistoryAsync(
            new GetWorkflowExecutionHistoryRequest
            {
                Namespace = settings.Namespace,
                Execution = task.WorkflowExecution,
                NextPageToken = pageToken,
            },
            new RpcOptions(cancellationToken)).ConfigureAwait(false);
        await settings.Codec.DecodeAsync(page).ConfigureAwait(false);
        return page;
    }
}
