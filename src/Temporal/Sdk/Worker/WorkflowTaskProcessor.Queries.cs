using ContentFlows.Temporal.Worker.Workflows;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <content>
/// Legacy query tasks: answered from the cached run when it is at the last completed workflow task, otherwise from a
/// throw-away replay of the history up to that task. Queries never issue commands.
/// </content>
internal sealed partial class WorkflowTaskProcessor
{
    private async Task<WorkflowTaskCompletion> AnswerLegacyQueryAsync(
        PollWorkflowTaskQueueResponse task,
        List<HistoryEvent> events,
        Func<ByteString, CancellationToken, Task<GetWorkflowExecutionHistoryResponse>> fetchHistoryPage,
        CancellationToken cancellationToken)
    {
        var query = task.Query;
        (Payload? Answer, string? Error) result;
        try
        {
            result = await QueryAsync(task, events, fetchHistoryPage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = (null, $"Query \"{query.QueryType}\" failed: {e.Message}");
        }

        var response = new RespondQueryTaskCompletedRequest { TaskToken = task.TaskToken, Namespace = options.Namespace };
        if (result.Error is null)
        {
            response.CompletedType = QueryResultType.Answered;
            response.QueryResult = new Payloads { Payloads_ = { result.Answer } };
        }
        else
        {
            response.CompletedType = QueryResultType.Failed;
            response.ErrorMessage = result.Error;
            response.Failure = new Failure { Message = result.Error, ApplicationFailureInfo = new ApplicationFailureInfo() };
        }

        return new WorkflowTaskCompletion(null, null, response);
    }

    private static long LastCompletedTaskStartedEventId(List<HistoryEvent> events)
    {
        for (var i = events.Count - 1; i > 0; i--)
        {
            if (events[i].EventType == EventType.WorkflowTaskCompleted && events[i - 1].EventType == EventType.WorkflowTaskStarted)
            {
                return events[i - 1].EventId;
            }
        }

        return 0;
    }

    private async Task<(Payload? Answer, string? Error)> QueryAsync(
        PollWorkflowTaskQueueResponse task,
        List<HistoryEvent> events,
        Func<ByteString, CancellationToken, Task<GetWorkflowExecutionHistoryResponse>> fetchHistoryPage,
        CancellationToken cancellationToken)
    {
        var query = task.Query;
        var runId = task.WorkflowExecution?.RunId ?? string.Empty;
        if (!definitions.TryGetValue(task.WorkflowType?.Name ?? string.Empty, out var definition))
        {
            return (null, $"Workflow type \"{task.WorkflowType?.Name}\" is not registered on this worker.");
        }

        if (cache.TryGet(runId, out var entry) && entry is not null)
        {
            await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var cached = entry.Instance;
                if (!cached.IsPoisoned && cached.LastActivationStartedEventId != 0 && cached.LastActivationStartedEventId == LastCompletedTaskStartedEventId(events))
                {
                    return await RunGuardedAsync(cached, () => cached.Query(query.QueryType, query.QueryArgs), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                entry.Lock.Release();
            }
        }

        if (events.Count == 0 || events[0].EventId != 1)
        {
            events = await LoadFullHistoryAsync(fetchHistoryPage, cancellationToken).ConfigureAwait(false);
        }

        var instance = NewInstance(definition, task);
        await RunGuardedAsync(instance, () => instance.ApplyHistory(events, activateLast: false), cancellationToken).ConfigureAwait(false);
        return await RunGuardedAsync(instance, () => instance.Query(query.QueryType, query.QueryArgs), cancellationToken).ConfigureAwait(false);
    }
}
