using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;
using ProtoWorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace ContentFlows.Temporal.Client;

/// <summary>
/// A workflow, by id (and optionally run): wait for its result, signal, query, describe, cancel,
/// terminate, fetch its history. Without a run id, calls target the latest run of the id.
/// </summary>
public class WorkflowHandle
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowHandle"/> class.</summary>
    /// <param name="client">The client to call through.</param>
    /// <param name="id">The workflow id.</param>
    /// <param name="runId">The run to target; null for the latest run.</param>
    /// <param name="resultRunId">The run whose result <see cref="GetResultAsync{TResult}"/> starts from; null for <paramref name="runId"/>.</param>
    /// <param name="firstExecutionRunId">The first run of the chain; cancel and terminate only act within that chain when set.</param>
    public WorkflowHandle(ITemporalClient client, string id, string? runId = null, string? resultRunId = null, string? firstExecutionRunId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Client = client;
        Id = id;
        RunId = runId;
        ResultRunId = resultRunId;
        FirstExecutionRunId = firstExecutionRunId;
    }

    /// <summary>Gets the client calls go through.</summary>
    public ITemporalClient Client { get; }

    /// <summary>Gets the workflow id.</summary>
    public string Id { get; }

    /// <summary>Gets the run calls target, or null for the latest run.</summary>
    public string? RunId { get; }

    /// <summary>Gets the run whose result is waited for first (the started run for handles from a start), or null.</summary>
    public string? ResultRunId { get; }

    /// <summary>Gets the first run of the chain, or null.</summary>
    public string? FirstExecutionRunId { get; }

    private TemporalClientOptions Options => Client.Options;

    private DataConverter Converter => Client.Options.DataConverter;

    /// <summary>Waits for the workflow to close and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="followRuns">Whether to follow continue-as-new, retry and cron runs to the last one. Default true.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The result.</returns>
    /// <exception cref="WorkflowFailedException">The workflow failed, was cancelled, terminated or timed out.</exception>
    /// <exception cref="WorkflowContinuedAsNewException">The run continued as new and <paramref name="followRuns"/> is false.</exception>
    public async Task<TResult> GetResultAsync<TResult>(bool followRuns = true, CancellationToken cancellationToken = default)
    {
        var payload = await GetResultPayloadAsync(followRuns, cancellationToken).ConfigureAwait(false);
        return payload is null ? default! : Converter.PayloadConverter.ToValue<TResult>(payload);
    }

    /// <summary>Waits for the workflow to close, ignoring its result value.</summary>
    /// <param name="followRuns">Whether to follow continue-as-new, retry and cron runs. Default true.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the workflow completed successfully.</returns>
    /// <exception cref="WorkflowFailedException">The workflow failed, was cancelled, terminated or timed out.</exception>
    public Task GetResultAsync(bool followRuns = true, CancellationToken cancellationToken = default) =>
        GetResultPayloadAsync(followRuns, cancellationToken);

    /// <summary>Sends a signal by name.</summary>
    /// <param name="signal">The signal name.</param>
    /// <param name="args">The signal arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server accepted the signal.</returns>
    public async Task SignalAsync(string signal, IReadOnlyCollection<object?> args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signal);
        ArgumentNullException.ThrowIfNull(args);
        var request = new SignalWorkflowExecutionRequest
        {
            Namespace = Options.Namespace,
            WorkflowExecution = Execution(),
            SignalName = signal,
            Identity = Options.Identity,
            RequestId = Guid.NewGuid().ToString(),
        };
        if (args.Count > 0)
        {
            request.Input = Converter.PayloadConverter.ToPayloads(args);
        }

        await Converter.EncodeAsync(request, cancellationToken).ConfigureAwait(false);
        await Client.WorkflowService.SignalWorkflowExecutionAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Queries the workflow by query name.</summary>
    /// <typeparam name="TResult">The query result type.</typeparam>
    /// <param name="query">The query name.</param>
    /// <param name="args">The query arguments.</param>
    /// <param name="rejectCondition">When the server refuses the query because of the workflow's status. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The query result.</returns>
    /// <exception cref="WorkflowQueryFailedException">No handler of that name, or the handler threw.</exception>
    /// <exception cref="WorkflowQueryRejectedException">The reject condition matched.</exception>
    public async Task<TResult> QueryAsync<TResult>(
        string query,
        IReadOnlyCollection<object?> args,
        QueryRejectCondition rejectCondition = QueryRejectCondition.None,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(args);
        var request = new QueryWorkflowRequest
        {
            Namespace = Options.Namespace,
            Execution = Execution(),
            Query = new WorkflowQuery { QueryType = query },
            QueryRejectCondition = rejectCondition,
        };
        if (args.Count > 0)
        {
            request.Query.QueryArgs = Converter.PayloadConverter.ToPayloads(args);
        }

        await Converter.EncodeAsync(request, cancellationToken).ConfigureAwait(false);
        QueryWorkflowResponse response;
        try
        {
            response = await Client.WorkflowService.QueryWorkflowAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == GrpcStatusCode.InvalidArgument && e.Details.Any(d => d.Is(QueryFailedFailure.Descriptor)))
        {
            throw new WorkflowQueryFailedException(e.Message, e);
        }

        if (response.QueryRejected is { } rejected)
        {
            throw new WorkflowQueryRejectedException(rejected.Status);
        }

        await Converter.DecodeAsync(response, cancellationToken).ConfigureAwait(false);
        var payload = response.QueryResult?.Payloads_.FirstOrDefault();
        return payload is null ? default! : Converter.PayloadConverter.ToValue<TResult>(payload);
    }

    /// <summary>Describes the workflow run.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The description.</returns>
    public async Task<WorkflowExecutionDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var response = await Client.WorkflowService.DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = Options.Namespace, Execution = Execution() },
            new RpcOptions(cancellationToken)).ConfigureAwait(false);
        await Converter.DecodeAsync(response, cancellationToken).ConfigureAwait(false);
        return new WorkflowExecutionDescription(response, Converter);
    }

    /// <summary>Requests cancellation: the workflow sees it and decides how to end.</summary>
    /// <param name="reason">A reason recorded in history; none when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server accepted the request.</returns>
    public async Task CancelAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        await Client.WorkflowService.RequestCancelWorkflowExecutionAsync(
            new RequestCancelWorkflowExecutionRequest
            {
                Namespace = Options.Namespace,
                WorkflowExecution = Execution(),
                Identity = Options.Identity,
                RequestId = Guid.NewGuid().ToString(),
                FirstExecutionRunId = FirstExecutionRunId ?? string.Empty,
                Reason = reason ?? string.Empty,
            },
            new RpcOptions(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Terminates the workflow at once; its code does not run again.</summary>
    /// <param name="reason">The reason recorded in history; none when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the workflow is terminated.</returns>
    public async Task TerminateAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        await Client.WorkflowService.TerminateWorkflowExecutionAsync(
            new TerminateWorkflowExecutionRequest
            {
                Namespace = Options.Namespace,
                WorkflowExecution = Execution(),
                Identity = Options.Identity,
                FirstExecutionRunId = FirstExecutionRunId ?? string.Empty,
                Reason = reason ?? string.Empty,
            },
            new RpcOptions(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Fetches the run's whole history (all pages), as stored: payloads are not decoded.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The history.</returns>
    public async Task<WorkflowHistory> FetchHistoryAsync(CancellationToken cancellationToken = default)
    {
        var events = new List<HistoryEvent>();
        var request = new GetWorkflowExecutionHistoryRequest { Namespace = Options.Namespace, Execution = Execution() };
        do
        {
            var response = await Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
            events.AddRange(response.History?.Events ?? []);
            request.NextPageToken = response.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        return new WorkflowHistory(Id, events);
    }

    private ProtoWorkflowExecution Execution() => new() { WorkflowId = Id, RunId = RunId ?? string.Empty };

    private async Task<Payload?> GetResultPayloadAsync(bool followRuns, CancellationToken cancellationToken)
    {
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = Options.Namespace,
            Execution = new ProtoWorkflowExecution { WorkflowId = Id, RunId = ResultRunId ?? RunId ?? string.Empty },
            WaitNewEvent = true,
            HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
            SkipArchival = true,
        };
        while (true)
        {
            GetWorkflowExecutionHistoryResponse response;
            try
            {
                response = await Client.WorkflowService.GetWorkflowExecutionHistoryAsync(request, new RpcOptions(cancellationToken)).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Code == GrpcStatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
            {
                // A server (or proxy) that ends the long poll with DEADLINE_EXCEEDED rather than an empty page: poll again.
                continue;
            }

            var closeEvent = response.History?.Events.LastOrDefault();
            if (closeEvent is null)
            {
                // A long poll that timed out (or a page without events): poll again, with the page token if any.
                request.NextPageToken = response.NextPageToken;
                continue;
            }

            request.NextPageToken = Google.Protobuf.ByteString.Empty;
            await Converter.DecodeAsync(closeEvent, cancellationToken).ConfigureAwait(false);
            var nextRunId = NextRunId(closeEvent);
            if (followRuns && !string.IsNullOrEmpty(nextRunId))
            {
                request.Execution = new ProtoWorkflowExecution { WorkflowId = Id, RunId = nextRunId };
                continue;
            }

            return closeEvent.AttributesCase switch
            {
                HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes =>
                    closeEvent.WorkflowExecutionCompletedEventAttributes.Result?.Payloads_.FirstOrDefault(),
                HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes =>
                    throw new WorkflowContinuedAsNewException(closeEvent.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId),
                _ => throw new WorkflowFailedException(CloseFailure(closeEvent)),
            };
        }
    }

    private static string? NextRunId(HistoryEvent closeEvent) => closeEvent.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => closeEvent.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes => closeEvent.WorkflowExecutionFailedEventAttributes.NewExecutionRunId,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => closeEvent.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes => closeEvent.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId,
        _ => null,
    };

    private Exception CloseFailure(HistoryEvent closeEvent)
    {
        var failure = closeEvent.AttributesCase switch
        {
            HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes =>
                closeEvent.WorkflowExecutionFailedEventAttributes.Failure ?? new Failure { Message = "Workflow failed" },
            HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes => new Failure
            {
                Message = "Workflow cancelled",
                CanceledFailureInfo = new CanceledFailureInfo { Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details },
            },
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes => new Failure
            {
                Message = string.IsNullOrEmpty(closeEvent.WorkflowExecutionTerminatedEventAttributes.Reason)
                    ? "Workflow terminated"
                    : closeEvent.WorkflowExecutionTerminatedEventAttributes.Reason,
                TerminatedFailureInfo = new TerminatedFailureInfo(),
            },
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => new Failure
            {
                Message = "Workflow timed out",
                TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose },
            },
            _ => new Failure { Message = $"Workflow closed with unexpected event {closeEvent.EventType}" },
        };
        return Converter.FailureConverter.ToException(failure, Converter.PayloadConverter);
    }
}
