using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Worker.Workflows;
using ContentFlows.Temporal.Workflows;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// Turns one polled workflow task into what the worker sends back: replays the run's history (or only the new events
/// of a cached run), runs the new activation, and answers queries. This is the part of the worker that sdk-core plays
/// for Temporal's other SDKs. The worker applies the payload codec before and after.
/// </summary>
internal sealed partial class WorkflowTaskProcessor
{
    private readonly WorkflowTaskProcessorOptions options;
    private readonly Dictionary<string, WorkflowDefinition> definitions = new(StringComparer.Ordinal);
    private readonly WorkflowInstanceCache cache;
    private readonly ILogger logger;

    public WorkflowTaskProcessor(WorkflowTaskProcessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        foreach (var definition in options.Workflows)
        {
            if (!definitions.TryAdd(definition.Name, definition))
            {
                throw new ArgumentException($"Workflow type \"{definition.Name}\" is registered twice ({definitions[definition.Name].Type.FullName} and {definition.Type.FullName}).", nameof(options));
            }
        }

        cache = new WorkflowInstanceCache(options.MaxCachedWorkflows);
        logger = options.LoggerFactory.CreateLogger<WorkflowTaskProcessor>();
    }

    /// <summary>Gets how many runs are cached.</summary>
    public int CachedRunCount => cache.Count;

    /// <summary>Processes one poll response: a workflow task (possibly with queries) or a legacy query task.</summary>
    /// <param name="task">The poll response, payloads already decoded.</param>
    /// <param name="fetchHistoryPage">Fetches the next page of the run's history for a page token (an empty token: from event 1).</param>
    /// <param name="cancellationToken">Cancels waiting (worker shutdown).</param>
    /// <returns>What to send back.</returns>
    public async Task<WorkflowTaskCompletion> ProcessAsync(
        PollWorkflowTaskQueueResponse task,
        Func<ByteString, CancellationToken, Task<GetWorkflowExecutionHistoryResponse>> fetchHistoryPage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(fetchHistoryPage);
        var events = await LoadHistoryAsync(task, fetchHistoryPage, cancellationToken).ConfigureAwait(false);
        if (task.Query is not null)
        {
            return await AnswerLegacyQueryAsync(task, events, fetchHistoryPage, cancellationToken).ConfigureAwait(false);
        }

        var runId = task.WorkflowExecution?.RunId ?? string.Empty;
        var workflowType = task.WorkflowType?.Name ?? string.Empty;
        if (!definitions.TryGetValue(workflowType, out var definition))
        {
            var known = string.Join(", ", definitions.Keys.Order(StringComparer.Ordinal));
            var error = new InvalidOperationException($"Workflow type \"{workflowType}\" is not registered on this worker (task queue \"{options.TaskQueue}\"). Registered: [{known}].");
            return Failed(task, WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure, error);
        }

        var entry = cache.GetOrAdd(runId, () => NewInstance(definition, task));
        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = entry.Instance;
            if (instance.LastEventId != 0 && !instance.CanContinueWith(events, task.PreviousStartedEventId))
            {
                // Anything unexpected (a failed or timed-out task, a rejected completion, another worker's progress): replay from scratch.
                instance = entry.Instance = NewInstance(definition, task);
            }

            if (instance.LastEventId == 0 && events.Count > 0 && events[0].EventId != 1)
            {
                events = await LoadFullHistoryAsync(fetchHistoryPage, cancellationToken).ConfigureAwait(false);
            }

            var commands = await RunGuardedAsync(instance, () => instance.ApplyHistory(events, activateLast: true), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The workflow task's history does not end with a WorkflowTaskStarted event (last event {events.LastOrDefault()?.EventId}, {events.LastOrDefault()?.EventType}).");

            var completed = new RespondWorkflowTaskCompletedRequest
            {
                TaskToken = task.TaskToken,
                Identity = options.Identity,
                Namespace = options.Namespace,
            };
            completed.Commands.AddRange(commands);
            foreach (var (queryId, query) in task.Queries)
            {
                completed.QueryResults[queryId] = await AnswerAsync(instance, query, cancellationToken).ConfigureAwait(false);
            }

            if (instance.IsClosed || options.MaxCachedWorkflows == 0)
            {
                cache.Remove(entry);
            }

            return new WorkflowTaskCompletion(completed, null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cache.Remove(entry);
            entry.Instance.Poison();
            return e switch
            {
                WorkflowNondeterminismException => Failed(task, WorkflowTaskFailedCause.NonDeterministicError, e),
                WorkflowTaskFailureException failure => Failed(task, failure.Cause, failure.InnerException ?? failure, failure.Message),
                _ => Failed(task, WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure, e),
            };
        }
        catch
        {
            cache.Remove(entry);
            throw;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Forgets a run (e.g. the server rejected its completion); its next task replays from event 1.</summary>
    /// <param name="runId">The run id.</param>
    public void Evict(string runId) => cache.Remove(runId);

    private static async Task<List<HistoryEvent>> LoadHistoryAsync(
        PollWorkflowTaskQueueResponse task,
        Func<ByteString, CancellationToken, Task<GetWorkflowExecutionHistoryResponse>> fetchHistoryPage,
        CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>(task.History?.Events ?? []);
        var token = task.NextPageToken;
        while (token is { Length: > 0 })
        {
            var page = await fetchHistoryPage(token, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.History?.Events ?? []);
            token = page.NextPageToken;
        }

        return events;
    }

    private static async Task<List<HistoryEvent>> LoadFullHistoryAsync(
        Func<ByteString, CancellationToken, Task<GetWorkflowExecutionHistoryResponse>> fetchHistoryPage,
        CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        var token = ByteString.Empty;
        do
        {
            var page = await fetchHistoryPage(token, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.History?.Events ?? []);
            token = page.NextPageToken;
        }
        while (token is { Length: > 0 });
        return events;
    }

    private WorkflowInstance NewInstance(WorkflowDefinition definition, PollWorkflowTaskQueueResponse task) =>
        new(new WorkflowInstanceOptions(
            definition,
            options.DataConverter,
            options.Namespace,
            task.WorkflowExecution?.WorkflowId ?? string.Empty,
            task.WorkflowExecution?.RunId ?? string.Empty,
            options.LoggerFactory));

    private async Task<WorkflowQueryResult> AnswerAsync(WorkflowInstance instance, WorkflowQuery query, CancellationToken cancellationToken)
    {
        var (answer, error) = await RunGuardedAsync(instance, () => instance.Query(query.QueryType, query.QueryArgs), cancellationToken).ConfigureAwait(false);
        return error is null
            ? new WorkflowQueryResult { ResultType = QueryResultType.Answered, Answer = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { answer } } }
            : new WorkflowQueryResult { ResultType = QueryResultType.Failed, ErrorMessage = error, Failure = new Failure { Message = error, ApplicationFailureInfo = new ApplicationFailureInfo() } };
    }

    private WorkflowTaskCompletion Failed(PollWorkflowTaskQueueResponse task, WorkflowTaskFailedCause cause, Exception exception, string? message = null)
    {
        var failure = options.DataConverter.FailureConverter.ToFailure(exception, options.DataConverter.PayloadConverter);
        if (message is not null)
        {
            failure.Message = $"{message}: {failure.Message}";
        }

        LogTaskFailed(task.WorkflowExecution?.WorkflowId, task.WorkflowExecution?.RunId, cause, failure.Message);
        var failed = new RespondWorkflowTaskFailedRequest
        {
            TaskToken = task.TaskToken,
            Cause = cause,
            Failure = failure,
            Identity = options.Identity,
            Namespace = options.Namespace,
        };
        return new WorkflowTaskCompletion(null, failed, null);
    }

    private Task<T> RunGuardedAsync<T>(WorkflowInstance instance, Func<T> work, CancellationToken cancellationToken) =>
        WorkflowCodeRunner.RunAsync(instance, work, options.DeadlockTimeout, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow task failed for workflow {WorkflowId} run {RunId} ({Cause}): {FailureMessage}")]
    private partial void LogTaskFailed(string? workflowId, string? runId, WorkflowTaskFailedCause cause, string failureMessage);
}
