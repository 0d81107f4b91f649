using ContentFlows.Temporal.Api.Grpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Client-side changes to a running workflow: signals, cancel requests, termination; and run lookup.</summary>
internal sealed partial class ServerEngine
{
    public Task<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request)
    {
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw InvalidArgument("SignalName is not set on request.");
        }

        CheckBlob(request.Input, "Input");
        return MutateAsync(m =>
        {
            var run = GetRun(GetNamespace(request.Namespace), request.WorkflowExecution);
            EnsureOpen(run);

            // The same request id twice is one signal: clients retry, histories must not double.
            if (string.IsNullOrEmpty(request.RequestId) || !run.SignalRequestIds.Contains(request.RequestId))
            {
                AddSignal(run, request.SignalName, request.Input, request.Header, request.Identity, request.RequestId, null, m);
            }

            return new SignalWorkflowExecutionResponse();
        });
    }

    public Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request)
    {
        return MutateAsync(m =>
        {
            var run = GetRun(GetNamespace(request.Namespace), request.WorkflowExecution, request.FirstExecutionRunId);

            // Cancelling a closed run, or one already asked to cancel, is a no-op success on current servers.
            if (run.IsOpen && !run.CancelRequested)
            {
                RequestCancel(run, request.Reason, request.Identity, null, m);
            }

            return new RequestCancelWorkflowExecutionResponse();
        });
    }

    public Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request)
    {
        return MutateAsync(m =>
        {
            var run = GetRun(GetNamespace(request.Namespace), request.WorkflowExecution, request.FirstExecutionRunId);
            EnsureOpen(run);
            TerminateRun(run, request.Reason, request.Details, request.Identity, m);
            return new TerminateWorkflowExecutionResponse();
        });
    }

    private void AddSignal(WorkflowRun run, string name, Payloads? input, Header? header, string identity, string requestId, WorkflowExecution? external, Mutation m)
    {
        var signaled = NewEvent(EventType.WorkflowExecutionSignaled);
        signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
        {
            SignalName = name,
            Input = input,
            Header = header,
            Identity = identity ?? string.Empty,
            RequestId = requestId ?? string.Empty,
            ExternalWorkflowExecution = external,
        };
        RecordEventAndScheduleTask(run, signaled, m);
        FaultPoint("signal-recorded");
    }

    private void RequestCancel(WorkflowRun run, string reason, string identity, (long InitiatedEventId, WorkflowExecution Execution)? external, Mutation m)
    {
        if (run.CancelRequested)
        {
            return;
        }

        var requested = NewEvent(EventType.WorkflowExecutionCancelRequested);
        requested.WorkflowExecutionCancelRequestedEventAttributes = new WorkflowExecutionCancelRequestedEventAttributes
        {
            Cause = reason ?? string.Empty,
            Identity = identity ?? string.Empty,
            ExternalInitiatedEventId = external?.InitiatedEventId ?? 0,
            ExternalWorkflowExecution = external?.Execution,
        };
        RecordEventAndScheduleTask(run, requested, m);
    }

    private static void EnsureOpen(WorkflowRun run)
    {
        if (!run.IsOpen)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, "workflow execution already completed", new NotFoundFailure());
        }
    }

    private NamespaceEntry GetNamespace(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw InvalidArgument("Namespace not set on request.");
        }

        return _namespacesByName.TryGetValue(name, out var ns)
            ? ns
            : throw new GrpcException(GrpcStatusCode.NotFound, $"Namespace {name} is not found.", new NamespaceNotFoundFailure { Namespace = name });
    }

    private WorkflowChain? FindChain(NamespaceEntry ns, string workflowId) =>
        _workflows.TryGetValue(new WorkflowKey(ns.Id, workflowId), out var chain) ? chain : ReadChainBack(ns, workflowId);

    private WorkflowRun GetRun(NamespaceEntry ns, WorkflowExecution? execution, string firstExecutionRunId = "")
    {
        if (string.IsNullOrEmpty(execution?.WorkflowId))
        {
            throw InvalidArgument("WorkflowId is not set on request.");
        }

        return GetRun(ns, execution.WorkflowId, execution.RunId, firstExecutionRunId);
    }

    /// <summary>Finds a run: the given run id, or the current run of the workflow id (within the chain started by <paramref name="firstExecutionRunId"/>, when given).</summary>
    private WorkflowRun GetRun(NamespaceEntry ns, string workflowId, string runId, string firstExecutionRunId = "")
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw InvalidArgument("WorkflowId is not set on request.");
        }

        if (!string.IsNullOrEmpty(runId) && !Guid.TryParse(runId, out _))
        {
            throw InvalidArgument("Invalid RunId.");
        }

        WorkflowRun? run = null;
        if (!string.IsNullOrEmpty(runId))
        {
            if (TryGetRun(new RunKey(ns.Id, runId), out var found) && found.WorkflowId == workflowId)
            {
                run = found;
            }
        }
        else
        {
            run = FindChain(ns, workflowId)?.Current;
            if (run is not null && !string.IsNullOrEmpty(firstExecutionRunId) && run.Started.FirstExecutionRunId != firstExecutionRunId)
            {
                run = null;
            }
        }

        return run ?? throw new GrpcException(
            GrpcStatusCode.NotFound,
            string.IsNullOrEmpty(runId) ? $"workflow not found for ID: {workflowId}" : $"workflow execution not found for workflow ID \"{workflowId}\" and run ID \"{runId}\"",
            new NotFoundFailure());
    }
}
