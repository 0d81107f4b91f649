using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Update-with-start (ExecuteMultiOperation with exactly [Start, Update]): one change starts the run or
/// picks the running one and admits the update, so the update rides on the run's first workflow task.
/// Failures name the operation that failed and mark the other aborted, as Temporal's do.
/// </summary>
internal sealed partial class ServerEngine
{
    public async Task<ExecuteMultiOperationResponse> ExecuteMultiOperationAsync(ExecuteMultiOperationRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (request.Operations.Count != 2 || request.Operations[0].StartWorkflow is null || request.Operations[1].UpdateWorkflow is null)
        {
            throw InvalidArgument("Operations have to be exactly [Start, Update].");
        }

        var start = request.Operations[0].StartWorkflow;
        var update = request.Operations[1].UpdateWorkflow;
        var stage = ValidateOperations(request.Namespace, start, update);
        var requestId = string.IsNullOrEmpty(start.RequestId) ? Guid.NewGuid().ToString() : start.RequestId;
        var until = UpdateWaitUntil(deadline);
        while (true)
        {
            var (started, run, admitted) = await MutateAsync(m => StartAndAdmit(start, update, requestId, m)).ConfigureAwait(false);
            var status = await WaitForUpdateStageAsync(admitted, stage, until, deadline, cancellationToken).ConfigureAwait(false);
            if (status.State == WorkflowUpdateState.MovedToNewRun)
            {
                continue;
            }

            if (status.Error is { } error)
            {
                throw MultiOperationError(null, error);
            }

            return new ExecuteMultiOperationResponse
            {
                Responses =
                {
                    new ExecuteMultiOperationResponse.Types.Response { StartWorkflow = started },
                    new ExecuteMultiOperationResponse.Types.Response { UpdateWorkflow = UpdateResponse(run, admitted.Id, status) },
                },
            };
        }
    }

    /// <summary>The frontend's per-operation checks; any failure names its operation.</summary>
    private UpdateWorkflowExecutionLifecycleStage ValidateOperations(string ns, StartWorkflowExecutionRequest start, UpdateWorkflowExecutionRequest update)
    {
        GrpcException? startError = null;
        GrpcException? updateError = null;
        var stage = UpdateWorkflowExecutionLifecycleStage.Completed;
        try
        {
            if (start.Namespace != ns)
            {
                throw InvalidArgument("Operation namespace did not match request's namespace.");
            }

            if (!string.IsNullOrEmpty(start.CronSchedule))
            {
                throw InvalidArgument("CronSchedule is not allowed.");
            }

            if (start.RequestEagerExecution)
            {
                throw InvalidArgument("RequestEagerExecution is not supported.");
            }

            if (start.WorkflowStartDelay is not null)
            {
                throw InvalidArgument("WorkflowStartDelay is not supported.");
            }

            ValidateStart(start.WorkflowId, start.WorkflowType, start.TaskQueue, start.RetryPolicy, start.WorkflowExecutionTimeout, start.WorkflowRunTimeout, start.WorkflowTaskTimeout);
            CheckBlob(start.Input, "Input");
        }
        catch (GrpcException e)
        {
            startError = e;
        }

        try
        {
            if (update.Namespace != ns)
            {
                throw InvalidArgument("Operation namespace did not match request's namespace.");
            }

            if (!string.IsNullOrEmpty(update.FirstExecutionRunId))
            {
                throw InvalidArgument("FirstExecutionRunId is not allowed.");
            }

            if (!string.IsNullOrEmpty(update.WorkflowExecution?.RunId))
            {
                throw InvalidArgument("RunId is not allowed.");
            }

            stage = ValidateUpdateRequest(update.WorkflowExecution, update.Request, update.WaitPolicy);
            CheckBlob(update.Request.Input.Args, "Update input");
            if (startError is null && update.WorkflowExecution!.WorkflowId != start.WorkflowId)
            {
                throw InvalidArgument("WorkflowId is not consistent with previous operation(s).");
            }
        }
        catch (GrpcException e)
        {
            updateError = e;
        }

        if (startError is not null || updateError is not null)
        {
            throw MultiOperationError(startError, updateError, "Update-with-Start could not be executed.");
        }

        return stage;
    }

    /// <summary>Temporal's updateWithStart.Invoke: reuse the running workflow when allowed, else start it; then admit the update.</summary>
    private (StartWorkflowExecutionResponse Started, WorkflowRun Run, WorkflowUpdate Update) StartAndAdmit(StartWorkflowExecutionRequest start, UpdateWorkflowExecutionRequest update, string requestId, Mutation m)
    {
        var ns = GetNamespace(start.Namespace);
        var updateId = update.Request.Meta.UpdateId;
        var current = FindChain(ns, start.WorkflowId)?.Current;
        if (current is not null)
        {
            var known = current.Updates.Find(updateId);
            var reuse = current.IsOpen && (current.CreateRequestId == requestId || known is not null || start.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.UseExisting);
            if (known is { Status.State: WorkflowUpdateState.Completed } || reuse)
            {
                return (new StartWorkflowExecutionResponse { RunId = current.RunId, Started = false, Status = current.Status }, current, Admit(current));
            }
        }

        StartWorkflowExecutionResponse started;
        try
        {
            started = StartRun(ns, start, requestId, m);
        }
        catch (GrpcException e)
        {
            throw MultiOperationError(e, null);
        }

        var run = _runs[new RunKey(ns.Id, started.RunId)];
        return (started, run, Admit(run));

        WorkflowUpdate Admit(WorkflowRun target)
        {
            try
            {
                return AdmitUpdate(target, update.Request, m);
            }
            catch (GrpcException e)
            {
                throw MultiOperationError(null, e);
            }
        }
    }

    /// <summary>A MultiOperationExecution error: the failed operation's status, the other one aborted; the first failure's code is the call's.</summary>
    private static GrpcException MultiOperationError(GrpcException? startError, GrpcException? updateError, string? message = null)
    {
        var failure = new MultiOperationExecutionFailure { Statuses = { OperationStatus(startError), OperationStatus(updateError) } };
        var first = startError ?? updateError!;
        message ??= startError is not null ? $"MultiOperation could not be executed: Start failed: {startError.Message}" : $"MultiOperation could not be executed: Update failed: {updateError!.Message}";
        return new GrpcException(first.StatusCode, message, failure);
    }

    private static MultiOperationExecutionFailure.Types.OperationStatus OperationStatus(GrpcException? error) => error is null
        ? new MultiOperationExecutionFailure.Types.OperationStatus
        {
            Code = (int)GrpcStatusCode.Aborted,
            Message = "Operation was aborted.",
            Details = { Any.Pack(new MultiOperationExecutionAborted()) },
        }
        : new MultiOperationExecutionFailure.Types.OperationStatus
        {
            Code = (int)error.StatusCode,
            Message = error.Message,
            Details = { error.Details },
        };
}
