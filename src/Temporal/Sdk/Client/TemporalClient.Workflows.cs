using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Client;

/// <summary>Starting, listing and counting workflows.</summary>
public sealed partial class TemporalClient
{
    /// <inheritdoc/>
    public async Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(
        Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default)
    {
        var (workflow, args) = CallExpressions.WorkflowRun<TWorkflow>(workflowRunCall);
        var runId = await StartCoreAsync(workflow, args, options, cancellationToken).ConfigureAwait(false);
        return new WorkflowHandle<TWorkflow, TResult>(this, options.Id!, resultRunId: runId, firstExecutionRunId: runId);
    }

    /// <inheritdoc/>
    public async Task<WorkflowHandle<TWorkflow>> StartWorkflowAsync<TWorkflow>(
        Expression<Func<TWorkflow, Task>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default)
    {
        var (workflow, args) = CallExpressions.WorkflowRun<TWorkflow>(workflowRunCall);
        var runId = await StartCoreAsync(workflow, args, options, cancellationToken).ConfigureAwait(false);
        return new WorkflowHandle<TWorkflow>(this, options.Id!, resultRunId: runId, firstExecutionRunId: runId);
    }

    /// <inheritdoc/>
    public async Task<WorkflowHandle> StartWorkflowAsync(
        string workflow, IReadOnlyCollection<object?> args, WorkflowOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflow);
        ArgumentNullException.ThrowIfNull(args);
        var runId = await StartCoreAsync(workflow, args, options, cancellationToken).ConfigureAwait(false);
        return new WorkflowHandle(this, options.Id!, resultRunId: runId, firstExecutionRunId: runId);
    }

    /// <inheritdoc/>
    public async Task<TResult> ExecuteWorkflowAsync<TWorkflow, TResult>(
        Expression<Func<TWorkflow, Task<TResult>>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default)
    {
        var handle = await StartWorkflowAsync(workflowRunCall, options, cancellationToken).ConfigureAwait(false);
        return await handle.GetResultAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task ExecuteWorkflowAsync<TWorkflow>(
        Expression<Func<TWorkflow, Task>> workflowRunCall, WorkflowOptions options, CancellationToken cancellationToken = default)
    {
        var handle = await StartWorkflowAsync(workflowRunCall, options, cancellationToken).ConfigureAwait(false);
        await handle.GetResultAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<TResult> ExecuteWorkflowAsync<TResult>(
        string workflow, IReadOnlyCollection<object?> args, WorkflowOptions options, CancellationToken cancellationToken = default)
    {
        var handle = await StartWorkflowAsync(workflow, args, options, cancellationToken).ConfigureAwait(false);
        return await handle.GetResultAsync<TResult>(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public WorkflowHandle GetWorkflowHandle(string id, string? runId = null) => new(this, id, runId);

    /// <inheritdoc/>
    public WorkflowHandle<TWorkflow> GetWorkflowHandle<TWorkflow>(string id, string? runId = null) => new(this, id, runId);

    /// <inheritdoc/>
    public WorkflowHandle<TWorkflow, TResult> GetWorkflowHandle<TWorkflow, TResult>(string id, string? runId = null) => new(this, id, runId);

    /// <inheritdoc/>
    public async IAsyncEnumerable<WorkflowExecution> ListWorkflowsAsync(
        string query, int pageSize = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        var request = new ListWorkflowExecutionsRequest { Namespace = Options.Namespace, Query = query ?? string.Empty, PageSize = pageSize };
        do
        {
            var response = await WorkflowService.ListWorkflowExecutionsAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
            await Options.DataConverter.DecodeAsync(response, cancellationToken).ConfigureAwait(false);
            foreach (var info in response.Executions)
            {
                yield return new WorkflowExecution(info, Options.DataConverter);
            }

            request.NextPageToken = response.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);
    }

    /// <inheritdoc/>
    public async Task<WorkflowExecutionCount> CountWorkflowsAsync(string query, CancellationToken cancellationToken = default)
    {
        var response = await WorkflowService.CountWorkflowExecutionsAsync(
            new CountWorkflowExecutionsRequest { Namespace = Options.Namespace, Query = query ?? string.Empty },
            new RpcOptions(cancellationToken)).ConfigureAwait(false);
        return new WorkflowExecutionCount(response.Count, [.. response.Groups]);
    }

    private static Duration? ToDuration(TimeSpan? value) => value is { } v ? Duration.FromTimeSpan(v) : null;

    private async Task<string> StartCoreAsync(string workflow, IReadOnlyCollection<object?> args, WorkflowOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var converter = Options.DataConverter;
        var input = args.Count > 0 ? converter.PayloadConverter.ToPayloads(args) : null;
        var memo = options.Memo is { Count: > 0 } values ? ToMemo(values, converter.PayloadConverter) : null;
        var requestId = options.RequestId ?? Guid.NewGuid().ToString();
        var taskQueue = new TaskQueue { Name = options.TaskQueue, Kind = TaskQueueKind.Normal };
        try
        {
            if (options.StartSignal is { } signal)
            {
                var request = new SignalWithStartWorkflowExecutionRequest
                {
                    Namespace = Options.Namespace,
                    WorkflowId = options.Id,
                    WorkflowType = new WorkflowType { Name = workflow },
                    TaskQueue = taskQueue,
                    Input = input,
                    WorkflowExecutionTimeout = ToDuration(options.ExecutionTimeout),
                    WorkflowRunTimeout = ToDuration(options.RunTimeout),
                    WorkflowTaskTimeout = ToDuration(options.TaskTimeout),
                    Identity = Options.Identity,
                    RequestId = requestId,
                    WorkflowIdReusePolicy = options.IdReusePolicy,
                    WorkflowIdConflictPolicy = options.IdConflictPolicy,
                    SignalName = signal,
                    SignalInput = options.StartSignalArgs.Count > 0 ? converter.PayloadConverter.ToPayloads(options.StartSignalArgs) : null,
                    RetryPolicy = options.RetryPolicy?.ToProto(),
                    CronSchedule = options.CronSchedule ?? string.Empty,
                    Memo = memo,
                    SearchAttributes = options.SearchAttributes,
                    WorkflowStartDelay = ToDuration(options.StartDelay),
                };
                await converter.EncodeAsync(request, cancellationToken).ConfigureAwait(false);
                var response = await WorkflowService.SignalWithStartWorkflowExecutionAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
                return response.RunId;
            }
            else
            {
                var request = new StartWorkflowExecutionRequest
                {
                    Namespace = Options.Namespace,
                    WorkflowId = options.Id,
                    WorkflowType = new WorkflowType { Name = workflow },
                    TaskQueue = taskQueue,
                    Input = input,
                    WorkflowExecutionTimeout = ToDuration(options.ExecutionTimeout),
                    WorkflowRunTimeout = ToDuration(options.RunTimeout),
                    WorkflowTaskTimeout = ToDuration(options.TaskTimeout),
                    Identity = Options.Identity,
                    RequestId = requestId,
                    WorkflowIdReusePolicy = options.IdReusePolicy,
                    WorkflowIdConflictPolicy = options.IdConflictPolicy,
                    RetryPolicy = options.RetryPolicy?.ToProto(),
                    CronSchedule = options.CronSchedule ?? string.Empty,
                    Memo = memo,
                    SearchAttributes = options.SearchAttributes,
                    WorkflowStartDelay = ToDuration(options.StartDelay),
                };
                await converter.EncodeAsync(request, cancellationToken).ConfigureAwait(false);
                var response = await WorkflowService.StartWorkflowExecutionAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
                return response.RunId;
            }
        }
        catch (RpcException e) when (e.Code == GrpcStatusCode.AlreadyExists)
        {
            var runId = e.Details.FirstOrDefault(d => d.Is(WorkflowExecutionAlreadyStartedFailure.Descriptor))
                ?.Unpack<WorkflowExecutionAlreadyStartedFailure>().RunId;
            throw new WorkflowAlreadyStartedException(e.Message, options.Id!, workflow, runId, e);
        }
    }

    private static Memo ToMemo(IReadOnlyDictionary<string, object?> values, IPayloadConverter converter)
    {
        var memo = new Memo();
        foreach (var (key, value) in values)
        {
            memo.Fields[key] = converter.ToPayload(value);
        }

        return memo;
    }
}
