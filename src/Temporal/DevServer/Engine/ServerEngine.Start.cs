using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Starting runs: id reuse and conflict policies, request-id idempotency, timeouts.</summary>
internal sealed partial class ServerEngine
{
    private const int MaxIdLength = 1000;

    public async Task<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request)
    {
        ValidateStart(request.WorkflowId, request.WorkflowType, request.TaskQueue, request.RetryPolicy, request.WorkflowExecutionTimeout, request.WorkflowRunTimeout, request.WorkflowTaskTimeout);
        ValidateCronSchedule(request.CronSchedule, request.WorkflowStartDelay);
        CheckBlob(request.Input, "Input");
        var requestId = string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId;
        return await MutateAsync(m => StartRun(GetNamespace(request.Namespace), request, requestId, m)).ConfigureAwait(false);
    }

    /// <summary>Starts a run under the id policies, or answers with the run they select.</summary>
    private StartWorkflowExecutionResponse StartRun(NamespaceEntry ns, StartWorkflowExecutionRequest request, string requestId, Mutation m)
    {
        ValidateSearchAttributes(ns, request.SearchAttributes);
        var newRunId = Guid.NewGuid().ToString();
        var spec = new StartSpec(request.WorkflowId, request.WorkflowType, request.TaskQueue, request.Input, request.Header, request.Memo, request.SearchAttributes, request.RetryPolicy, request.CronSchedule, request.Identity, request.WorkflowExecutionTimeout, request.WorkflowRunTimeout, request.WorkflowTaskTimeout, request.WorkflowStartDelay, request.UserMetadata, request.Priority)
        {
            RunId = newRunId,
        };
        var conflict = NormalizeConflictPolicy(request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy, WorkflowIdConflictPolicy.Fail);
        var existing = ResolveIdPolicies(ns, request.WorkflowId, requestId, request.WorkflowIdReusePolicy, conflict, newRunId, m);
        if (existing is not null)
        {
            return new StartWorkflowExecutionResponse { RunId = existing.Value.Run.RunId, Started = existing.Value.Started, Status = existing.Value.Run.Status };
        }

        var run = CreateRun(ns, spec, requestId, m);
        return new StartWorkflowExecutionResponse { RunId = run.RunId, Started = true, Status = WorkflowExecutionStatus.Running };
    }

    public async Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request)
    {
        ValidateStart(request.WorkflowId, request.WorkflowType, request.TaskQueue, request.RetryPolicy, request.WorkflowExecutionTimeout, request.WorkflowRunTimeout, request.WorkflowTaskTimeout);
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw InvalidArgument("SignalName is not set on request.");
        }

        ValidateCronSchedule(request.CronSchedule, request.WorkflowStartDelay);
        CheckBlob(request.Input, "Input");
        CheckBlob(request.SignalInput, "SignalInput");
        var requestId = string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId;
        return await MutateAsync(m =>
        {
            var ns = GetNamespace(request.Namespace);
            ValidateSearchAttributes(ns, request.SearchAttributes);
            var current = FindChain(ns, request.WorkflowId)?.Current;

            // Signal-with-start signals an open run unless the policy says to fail or replace it.
            var conflict = NormalizeConflictPolicy(request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy, WorkflowIdConflictPolicy.UseExisting);
            if (current is { IsOpen: true } && conflict == WorkflowIdConflictPolicy.UseExisting)
            {
                SignalExistingRun(current, request, requestId, m);
                return new SignalWithStartWorkflowExecutionResponse { RunId = current.RunId, Started = false };
            }

            var newRunId = Guid.NewGuid().ToString();
            var existing = ResolveIdPolicies(ns, request.WorkflowId, requestId, request.WorkflowIdReusePolicy, conflict, newRunId, m);
            if (existing is not null)
            {
                return new SignalWithStartWorkflowExecutionResponse { RunId = existing.Value.Run.RunId, Started = existing.Value.Started };
            }

            var spec = new StartSpec(request.WorkflowId, request.WorkflowType, request.TaskQueue, request.Input, request.Header, request.Memo, request.SearchAttributes, request.RetryPolicy, request.CronSchedule, request.Identity, request.WorkflowExecutionTimeout, request.WorkflowRunTimeout, request.WorkflowTaskTimeout, request.WorkflowStartDelay, request.UserMetadata, request.Priority)
            {
                Signal = (request.SignalName, request.SignalInput, request.Header, requestId),
                RunId = newRunId,
            };
            var run = CreateRun(ns, spec, requestId, m);
            return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = true };
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Signal-with-start on an open run, as Temporal does it: a retried request (same request id) is one signal, and
    /// a run still waiting out its first workflow task's delay gets its task now (the rest of the delay is skipped).
    /// </summary>
    private void SignalExistingRun(WorkflowRun run, SignalWithStartWorkflowExecutionRequest request, string requestId, Mutation m)
    {
        if (run.SignalRequestIds.Contains(requestId))
        {
            return;
        }

        AddSignal(run, request.SignalName, request.SignalInput, request.Header, request.Identity, requestId, null, m);
        if (run.FirstWorkflowTaskBackoffPending && run.WorkflowTask is null)
        {
            run.FirstWorkflowTaskBackoffPending = false;
            ScheduleWorkflowTask(run, m);
        }
    }

    private static WorkflowIdConflictPolicy NormalizeConflictPolicy(WorkflowIdReusePolicy reuse, WorkflowIdConflictPolicy conflict, WorkflowIdConflictPolicy fallback)
    {
        // The deprecated TERMINATE_IF_RUNNING reuse policy means "terminate the open run", as on a real server.
#pragma warning disable CS0612 // Deprecated in the API, still sent by older clients.
        if (reuse == WorkflowIdReusePolicy.TerminateIfRunning)
#pragma warning restore CS0612
        {
            return WorkflowIdConflictPolicy.TerminateExisting;
        }

        return conflict == WorkflowIdConflictPolicy.Unspecified ? fallback : conflict;
    }

    /// <summary>Applies request-id idempotency and the id policies; returns the run to answer with, or null to start a new one.</summary>
    private (WorkflowRun Run, bool Started)? ResolveIdPolicies(NamespaceEntry ns, string workflowId, string requestId, WorkflowIdReusePolicy reuse, WorkflowIdConflictPolicy conflict, string newRunId, Mutation m)
    {
        var current = FindChain(ns, workflowId)?.Current;
        if (current is null)
        {
            return null;
        }

        if (current.CreateRequestId == requestId)
        {
            return (current, true);
        }

        if (current.IsOpen)
        {
            switch (conflict)
            {
                case WorkflowIdConflictPolicy.UseExisting:
                    return (current, false);
                case WorkflowIdConflictPolicy.TerminateExisting:
                    // The real server's wording and identity: the old run's history names the run that replaced it.
                    var details = new Payloads { Payloads_ = { new Payload { Metadata = { ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain") }, Data = Google.Protobuf.ByteString.CopyFromUtf8($"\"terminated by new runID: {newRunId}\"") } } };
                    TerminateRun(current, "TerminateIfRunning WorkflowIdReusePolicy", details, "history-service", m);
                    return null;
                default:
                    throw AlreadyStarted($"Workflow execution is already running. WorkflowId: {workflowId}, RunId: {current.RunId}.", current);
            }
        }

        switch (reuse)
        {
            case WorkflowIdReusePolicy.RejectDuplicate:
                throw AlreadyStarted($"Workflow execution already finished. WorkflowId: {workflowId}, RunId: {current.RunId}. Workflow Id reuse policy: reject duplicate workflow Id.", current);
            case WorkflowIdReusePolicy.AllowDuplicateFailedOnly when current.Status is WorkflowExecutionStatus.Completed or WorkflowExecutionStatus.ContinuedAsNew:
                throw AlreadyStarted($"Workflow execution already finished successfully. WorkflowId: {workflowId}, RunId: {current.RunId}. Workflow Id reuse policy: allow duplicate workflow Id if last run failed.", current);
            default:
                return null;
        }
    }

    private static GrpcException AlreadyStarted(string message, WorkflowRun current) =>
        new(GrpcStatusCode.AlreadyExists, message, new WorkflowExecutionAlreadyStartedFailure
        {
            StartRequestId = current.CreateRequestId,
            RunId = current.RunId,
        });

    /// <summary>Creates a run: started event, optional signal, then the first workflow task (or its backoff).</summary>
    private WorkflowRun CreateRun(NamespaceEntry ns, StartSpec spec, string requestId, Mutation m)
    {
        var runId = spec.RunId ?? Guid.NewGuid().ToString();
        var now = Now;
        var (execution, runTimeout, taskTimeout) = NormalizeWorkflowTimeouts(spec.ExecutionTimeout, spec.RunTimeout, spec.TaskTimeout);
        var attributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = spec.WorkflowType,
            TaskQueue = new TaskQueue { Name = spec.TaskQueue.Name, Kind = TaskQueueKind.Normal },
            Input = spec.Input,
            Header = spec.Header,
            WorkflowExecutionTimeout = Duration.FromTimeSpan(execution),
            WorkflowRunTimeout = Duration.FromTimeSpan(runTimeout),
            WorkflowTaskTimeout = Duration.FromTimeSpan(taskTimeout),
            Identity = spec.Identity ?? string.Empty,
            Attempt = spec.Attempt,
            FirstExecutionRunId = spec.FirstExecutionRunId ?? runId,
            OriginalExecutionRunId = runId,
            ContinuedExecutionRunId = spec.ContinuedExecutionRunId ?? string.Empty,
            Initiator = spec.Initiator,
            ContinuedFailure = spec.ContinuedFailure,
            LastCompletionResult = spec.LastCompletionResult,
            RetryPolicy = spec.RetryPolicy is null ? null : RetryPolicies.Normalize(spec.RetryPolicy),
            CronSchedule = spec.CronSchedule ?? string.Empty,
            Memo = spec.Memo,
            SearchAttributes = spec.SearchAttributes,
            WorkflowId = spec.WorkflowId,
            Priority = spec.Priority,
            WorkflowExecutionExpirationTime = spec.ExpirationTime is { } expiration
                ? Timestamp.FromDateTimeOffset(expiration)
                : execution > TimeSpan.Zero ? Timestamp.FromDateTimeOffset(now + execution) : null,
        };
        var backoff = spec.Backoff ?? spec.StartDelay?.ToTimeSpan() ?? FirstCronBackoff(spec.CronSchedule, now) ?? TimeSpan.Zero;
        if (backoff > TimeSpan.Zero)
        {
            attributes.FirstWorkflowTaskBackoff = Duration.FromTimeSpan(backoff);
        }

        if (spec.Parent is { } parent)
        {
            attributes.ParentWorkflowNamespace = parent.Namespace.Name;
            attributes.ParentWorkflowNamespaceId = parent.Namespace.Id;
            attributes.ParentWorkflowExecution = parent.Execution;
            attributes.ParentInitiatedEventId = spec.ParentInitiatedEventId;
            attributes.RootWorkflowExecution = parent.Started.RootWorkflowExecution ?? parent.Execution;
        }
        else if (spec.Root is not null)
        {
            attributes.RootWorkflowExecution = spec.Root;
        }

        if (spec.ParentExecution is not null)
        {
            attributes.ParentWorkflowNamespace = ns.Name;
            attributes.ParentWorkflowNamespaceId = ns.Id;
            attributes.ParentWorkflowExecution = spec.ParentExecution;
            attributes.ParentInitiatedEventId = spec.ParentInitiatedEventId;
        }

        var run = new WorkflowRun(ns, spec.WorkflowId, runId) { CreateRequestId = requestId };
        _runs[run.Key] = run;
        GetOrAddChain(new WorkflowKey(ns.Id, spec.WorkflowId)).Add(run);
        m.Touch(run);

        var started = NewEvent(EventType.WorkflowExecutionStarted);
        started.WorkflowExecutionStartedEventAttributes = attributes;
        if (spec.UserMetadata is not null)
        {
            started.UserMetadata = spec.UserMetadata;
        }

        run.Append(started);
        if (spec.Signal is { } signal)
        {
            var signaled = NewEvent(EventType.WorkflowExecutionSignaled);
            signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
            {
                SignalName = signal.Name,
                Input = signal.Input,
                Header = signal.Header,
                Identity = spec.Identity ?? string.Empty,
                RequestId = signal.RequestId,
            };
            run.Append(signaled);
        }

        if (backoff > TimeSpan.Zero)
        {
            ScheduleCallback(run, now + backoff, mm => OnFirstWorkflowTaskBackoff(run, mm));
        }
        else
        {
            ScheduleWorkflowTask(run, m);
        }

        ArmRunTimeouts(run);
        return run;
    }

    private void OnFirstWorkflowTaskBackoff(WorkflowRun run, Mutation m)
    {
        if (run.IsOpen && run.FirstWorkflowTaskBackoffPending)
        {
            run.FirstWorkflowTaskBackoffPending = false;
            ScheduleWorkflowTask(run, m);
        }
    }

    private void ArmRunTimeouts(WorkflowRun run)
    {
        if (run.RunExpirationTime is { } due)
        {
            ScheduleCallback(run, due, m => OnRunTimeout(run, m));
        }
    }

    /// <summary>Normalizes workflow timeouts as a real server does: run ≤ execution, task default 10 s, capped at 120 s and at run.</summary>
    private static (TimeSpan Execution, TimeSpan Run, TimeSpan Task) NormalizeWorkflowTimeouts(Duration? executionTimeout, Duration? runTimeout, Duration? taskTimeout)
    {
        var execution = executionTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var run = runTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (run == TimeSpan.Zero || (execution > TimeSpan.Zero && run > execution))
        {
            run = execution;
        }

        var task = taskTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (task == TimeSpan.Zero)
        {
            task = TimeSpan.FromSeconds(10);
        }

        task = task > TimeSpan.FromSeconds(120) ? TimeSpan.FromSeconds(120) : task;
        if (run > TimeSpan.Zero && task > run)
        {
            task = run;
        }

        return (execution, run, task);
    }

    private void ValidateStart(string workflowId, WorkflowType? type, TaskQueue? queue, RetryPolicy? retry, Duration? execution, Duration? run, Duration? task)
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw InvalidArgument("WorkflowId is not set on request.");
        }

        if (workflowId.Length > MaxIdLength)
        {
            throw InvalidArgument("WorkflowId exceeds length limit.");
        }

        if (string.IsNullOrEmpty(type?.Name))
        {
            throw InvalidArgument("WorkflowType is not set on request.");
        }

        if (string.IsNullOrEmpty(queue?.Name))
        {
            throw InvalidArgument("TaskQueue is not set on request.");
        }

        if (IsNegative(execution) || IsNegative(run) || IsNegative(task))
        {
            throw InvalidArgument("Invalid WorkflowExecutionTimeout, WorkflowRunTimeout or WorkflowTaskTimeout: must not be negative.");
        }

        if (retry is not null)
        {
            RetryPolicies.Validate(retry);
        }
    }

    private static bool IsNegative(Duration? duration) => duration is not null && (duration.Seconds < 0 || duration.Nanos < 0);

    private void CheckBlob(Payloads? payloads, string field)
    {
        if (payloads is not null && payloads.CalculateSize() > _limits.BlobSizeLimitBytes)
        {
            throw InvalidArgument($"Blob data size exceeds limit. ({field}: {payloads.CalculateSize()} bytes, limit {_limits.BlobSizeLimitBytes} bytes)");
        }
    }

    private static GrpcException InvalidArgument(string message) => new(GrpcStatusCode.InvalidArgument, message);

    /// <summary>What a new run starts from; shared by client starts, children, continue-as-new and retries.</summary>
    private sealed record StartSpec(
        string WorkflowId,
        WorkflowType WorkflowType,
        TaskQueue TaskQueue,
        Payloads? Input,
        Header? Header,
        Memo? Memo,
        SearchAttributes? SearchAttributes,
        RetryPolicy? RetryPolicy,
        string? CronSchedule,
        string? Identity,
        Duration? ExecutionTimeout,
        Duration? RunTimeout,
        Duration? TaskTimeout,
        Duration? StartDelay,
        UserMetadata? UserMetadata,
        Priority? Priority)
    {
        public string? RunId { get; init; }

        public int Attempt { get; init; } = 1;

        public string? FirstExecutionRunId { get; init; }

        public string? ContinuedExecutionRunId { get; init; }

        public ContinueAsNewInitiator Initiator { get; init; }

        public Temporalio.Api.Failure.V1.Failure? ContinuedFailure { get; init; }

        public Payloads? LastCompletionResult { get; init; }

        public TimeSpan? Backoff { get; init; }

        public DateTimeOffset? ExpirationTime { get; init; }

        public WorkflowRun? Parent { get; init; }

        public WorkflowExecution? ParentExecution { get; init; }

        public long ParentInitiatedEventId { get; init; }

        public WorkflowExecution? Root { get; init; }

        public (string Name, Payloads? Input, Header? Header, string RequestId)? Signal { get; init; }
    }
}
