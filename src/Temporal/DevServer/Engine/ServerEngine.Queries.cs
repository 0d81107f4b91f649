using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Queries: they ride on the next workflow task when one is pending, otherwise they go to a worker
/// as a query task; the caller waits for the answer up to its deadline.
/// </summary>
internal sealed partial class ServerEngine
{
    public async Task<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Query?.QueryType))
        {
            throw InvalidArgument("QueryType is not set on request.");
        }

        var query = new PendingQuery(Guid.NewGuid().ToString(), request.Query);
        var rejected = await MutateAsync(m =>
        {
            var run = GetRun(GetNamespace(request.Namespace), request.Execution);
            var rejectClosed = !run.IsOpen && (request.QueryRejectCondition == QueryRejectCondition.NotOpen
                || (request.QueryRejectCondition == QueryRejectCondition.NotCompletedCleanly && run.Status != WorkflowExecutionStatus.Completed));
            if (rejectClosed)
            {
                return new QueryWorkflowResponse { QueryRejected = new QueryRejected { Status = run.Status } };
            }

            if (run.LastCompletedWorkflowTaskStartedEventId == 0 && !run.IsOpen)
            {
                throw new GrpcException(GrpcStatusCode.FailedPrecondition, "Workflow execution closed before WorkflowTaskStarted event", new WorkflowNotReadyFailure());
            }

            // As a real server: fail fast rather than buffer a query no task will carry soon.
            if (run.IsOpen && run.FirstWorkflowTaskBackoffPending)
            {
                throw new GrpcException(GrpcStatusCode.FailedPrecondition, "Workflow task is not scheduled yet.", new WorkflowNotReadyFailure());
            }

            if (run.IsOpen && run.WorkflowTask is { Attempt: >= 3 })
            {
                throw new GrpcException(GrpcStatusCode.FailedPrecondition, "Unable to query workflow due to Workflow Task in failed state.", new WorkflowNotReadyFailure());
            }

            if (run.IsOpen && run.WorkflowTask is not null)
            {
                run.BufferedQueries.Add(query);
            }
            else if (run.IsOpen && run.LastCompletedWorkflowTaskStartedEventId == 0)
            {
                // No task completed yet: the next task will carry it.
                run.BufferedQueries.Add(query);
            }
            else
            {
                DispatchQueryTask(run, query, m);
            }

            return null;
        }).ConfigureAwait(false);
        if (rejected is not null)
        {
            return rejected;
        }

        var timeout = deadline is { } d ? d - WallNow : _limits.DefaultQueryTimeout;
        try
        {
            return await query.Answer.Task.WaitAsync(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ForgetQuery(query);
            throw new GrpcException(GrpcStatusCode.DeadlineExceeded, "query timed out before a worker could process it");
        }
        catch (OperationCanceledException)
        {
            ForgetQuery(query);
            throw;
        }
    }

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompletedAsync(RespondQueryTaskCompletedRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.QueryTask);
        lock (_gate)
        {
            if (!_queryTasks.Remove(token.QueryId, out var entry))
            {
                throw new GrpcException(GrpcStatusCode.NotFound, "query task not found, or already expired", new NotFoundFailure());
            }

            CompleteQuery(entry.Query, request.CompletedType, request.QueryResult, request.ErrorMessage, request.Failure);
        }

        return Task.FromResult(new RespondQueryTaskCompletedResponse());
    }

    private void DispatchQueryTask(WorkflowRun run, PendingQuery query, Mutation m)
    {
        _queryTasks[query.Id] = (run, query);
        DispatchStickyQueryTask(run, query, m);
    }

    private PollWorkflowTaskQueueResponse? StartQueryTask(DispatchedTask task, TaskQueue pollerQueue, Mutation m)
    {
        if (!_queryTasks.TryGetValue(task.QueryId, out var entry) || entry.Query.Answer.Task.IsCompleted || entry.Query.Delivered)
        {
            return null;
        }

        var run = entry.Run;
        entry.Query.Delivered = true;
        var now = Timestamp.FromDateTimeOffset(Now);
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.QueryTask, run.Namespace.Id, run.WorkflowId, run.RunId, 0, 1, entry.Query.Id).ToByteString(),
            WorkflowExecution = run.Execution,
            WorkflowType = run.Started.WorkflowType,
            PreviousStartedEventId = run.LastCompletedWorkflowTaskStartedEventId,
            StartedEventId = 0,
            Attempt = 1,
            History = new History(),
            Query = entry.Query.Query,
            WorkflowExecutionTaskQueue = new TaskQueue { Name = run.TaskQueueName, Kind = TaskQueueKind.Normal },
            ScheduledTime = now,
            StartedTime = now,
        };

        // As Temporal: a query on the sticky queue meets the run in the worker's cache and gets no history.
        if (pollerQueue.Name == run.TaskQueueName)
        {
            response.History.Events.AddRange(run.History);
        }

        return response;
    }

    private void ForgetQuery(PendingQuery query)
    {
        lock (_gate)
        {
            _queryTasks.Remove(query.Id);
            foreach (var run in _runs.Values)
            {
                if (run.BufferedQueries.Remove(query) || run.InFlightQueries.Remove(query))
                {
                    break;
                }
            }
        }
    }
}
