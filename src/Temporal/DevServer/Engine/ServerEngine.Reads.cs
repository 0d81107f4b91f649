using System.Text;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Visibility;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Reads: history (paged, long-polled), describe, list and count.</summary>
internal sealed partial class ServerEngine
{
    private const int MaxHistoryPageSize = 256;

    public SearchAttributeRegistry SearchAttributeTypes { get; } = new();

    public async Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var pageSize = request.MaximumPageSize <= 0 || request.MaximumPageSize > MaxHistoryPageSize ? MaxHistoryPageSize : request.MaximumPageSize;
        var (tokenRunId, from) = ParseHistoryToken(request.NextPageToken);
        var waitUntil = WallNow + _limits.HistoryLongPollTimeout;
        if (deadline is { } d && d - TimeSpan.FromSeconds(1) < waitUntil)
        {
            waitUntil = d - TimeSpan.FromSeconds(1);
        }

        // The run found on the first pass is kept across waits: a run deleted meanwhile still answers with its close.
        WorkflowRun? polled = null;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var ns = GetNamespace(request.Namespace);
                var execution = request.Execution ?? throw InvalidArgument("Execution is not set on request.");
                if (tokenRunId is not null && !string.IsNullOrEmpty(execution.RunId) && execution.RunId != tokenRunId)
                {
                    throw InvalidArgument("Invalid NextPageToken: it belongs to another run.");
                }

                var run = polled ?? GetRun(ns, execution.WorkflowId, tokenRunId ?? execution.RunId);
                if (request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent)
                {
                    if (run.CloseEvent is { } close)
                    {
                        return new GetWorkflowExecutionHistoryResponse { History = new History { Events = { close } } };
                    }

                    if (!request.WaitNewEvent)
                    {
                        return new GetWorkflowExecutionHistoryResponse { History = new History() };
                    }
                }
                else
                {
                    var available = run.History.Count - (from - 1);
                    if (available > 0 || !run.IsOpen || !request.WaitNewEvent)
                    {
                        var count = (int)Math.Min(Math.Max(available, 0), pageSize);
                        var response = new GetWorkflowExecutionHistoryResponse { History = new History() };
                        for (var i = 0; i < count; i++)
                        {
                            response.History.Events.Add(run.History[(int)(from - 1) + i]);
                        }

                        var next = from + count;
                        var more = next <= run.History.Count || (request.WaitNewEvent && run.IsOpen);
                        if (more)
                        {
                            response.NextPageToken = HistoryToken(run.RunId, next);
                        }

                        return response;
                    }
                }

                changed = run.Changed;
                if (WallNow >= waitUntil)
                {
                    // Still open: an empty page with a token tells the caller to poll again.
                    return new GetWorkflowExecutionHistoryResponse { History = new History(), NextPageToken = HistoryToken(run.RunId, from) };
                }

                tokenRunId = run.RunId;
                polled = run;
            }

            var remaining = waitUntil - WallNow;
            try
            {
                await changed.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fall through: the next pass answers with an empty page and a token.
            }
        }
    }

    public Task<GetWorkflowExecutionHistoryReverseResponse> GetWorkflowExecutionHistoryReverseAsync(GetWorkflowExecutionHistoryReverseRequest request)
    {
        lock (_gate)
        {
            var pageSize = request.MaximumPageSize <= 0 || request.MaximumPageSize > MaxHistoryPageSize ? MaxHistoryPageSize : request.MaximumPageSize;
            var (tokenRunId, before) = ParseHistoryToken(request.NextPageToken);
            var run = GetRun(GetNamespace(request.Namespace), request.Execution?.WorkflowId ?? string.Empty, tokenRunId ?? request.Execution?.RunId ?? string.Empty);
            var end = tokenRunId is null ? run.History.Count : (int)before - 1;
            var start = Math.Max(0, end - pageSize);
            var response = new GetWorkflowExecutionHistoryReverseResponse { History = new History() };
            for (var i = end - 1; i >= start; i--)
            {
                response.History.Events.Add(run.History[i]);
            }

            if (start > 0)
            {
                response.NextPageToken = HistoryToken(run.RunId, start + 1);
            }

            return Task.FromResult(response);
        }
    }

    public DescribeWorkflowExecutionResponse DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            var run = GetRun(GetNamespace(request.Namespace), request.Execution);
            var response = new DescribeWorkflowExecutionResponse
            {
                ExecutionConfig = new WorkflowExecutionConfig
                {
                    TaskQueue = new TaskQueue { Name = run.TaskQueueName, Kind = TaskQueueKind.Normal },
                    WorkflowExecutionTimeout = run.Started.WorkflowExecutionTimeout,
                    WorkflowRunTimeout = run.Started.WorkflowRunTimeout,
                    DefaultWorkflowTaskTimeout = run.Started.WorkflowTaskTimeout,
                    UserMetadata = run.History.Count > 0 ? run.History[0].UserMetadata : null,
                },
                WorkflowExecutionInfo = ToExecutionInfo(run),
                WorkflowExtendedInfo = new WorkflowExecutionExtendedInfo
                {
                    ExecutionExpirationTime = run.Started.WorkflowExecutionExpirationTime,
                    RunExpirationTime = run.Started.WorkflowRunTimeout is { } runTimeout && runTimeout.ToTimeSpan() > TimeSpan.Zero
                        ? Timestamp.FromDateTimeOffset(run.RunExpirationTime!.Value)
                        : null,
                    CancelRequested = run.CancelRequested,
                    OriginalStartTime = Timestamp.FromDateTimeOffset(run.OriginalStartTime),
                    ResetRunId = run.ResetRunId,
                    LastResetTime = run.ResetTime is { } reset ? Timestamp.FromDateTimeOffset(reset) : null,
                },
            };
            response.WorkflowExecutionInfo.AutoResetPoints = run.AutoResetPoints();
            foreach (var activity in run.Activities.Values.OrderBy(a => a.ScheduledEventId))
            {
                response.PendingActivities.Add(ToPendingActivity(activity));
            }

            foreach (var child in run.Children.Values.OrderBy(c => c.InitiatedEventId))
            {
                response.PendingChildren.Add(new PendingChildExecutionInfo
                {
                    WorkflowId = child.WorkflowId,
                    RunId = child.RunId,
                    WorkflowTypeName = child.WorkflowTypeName,
                    InitiatedId = child.InitiatedEventId,
                    ParentClosePolicy = child.ParentClosePolicy,
                });
            }

            if (run.WorkflowTask is { } wft)
            {
                response.PendingWorkflowTask = new PendingWorkflowTaskInfo
                {
                    State = wft.IsStarted ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                    ScheduledTime = Timestamp.FromDateTimeOffset(wft.ScheduledTime),
                    OriginalScheduledTime = Timestamp.FromDateTimeOffset(wft.ScheduledTime),
                    StartedTime = wft.StartedTime is { } started ? Timestamp.FromDateTimeOffset(started) : null,
                    Attempt = wft.Attempt,
                };
            }

            return response;
        }
    }

    public async Task<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        NamespaceEntry ns;
        VisibilityQuery query;
        VisibilityPageToken token;
        DateTimeOffset asOf;
        lock (_gate)
        {
            ns = GetNamespace(request.Namespace);
            query = ParseVisibilityQuery(request.Query, ns);
            if (query.GroupBy is not null)
            {
                throw InvalidArgument("invalid query: GROUP BY is only supported by CountWorkflowExecutions");
            }

            try
            {
                token = VisibilityPageToken.Parse(request.NextPageToken.Span);
            }
            catch (VisibilityQueryException e)
            {
                throw InvalidArgument(e.Message);
            }

            // Every page lists the runs as they stood when the first page was read, and continues after the
            // last run it returned: runs that start or close meanwhile neither shift nor repeat rows.
            asOf = token.IsFirstPage ? Now : new DateTimeOffset(token.AsOfUtcTicks, TimeSpan.Zero);
        }

        var pageSize = request.PageSize <= 0 ? 1000 : request.PageSize;
        var rows = new List<AsOfVisibilityRow>();
        await foreach (var row in ReadVisibilityRowsAsync(ns, asOf, cancellationToken).ConfigureAwait(false))
        {
            var asOfRow = new AsOfVisibilityRow(row, asOf);
            if (query.Matches(asOfRow))
            {
                rows.Add(asOfRow);
            }
        }

        rows.Sort(query.Order);
        var after = token.IsFirstPage ? -1 : rows.FindIndex(r => r.RunId == token.LastRunId);
        var first = after >= 0 ? after + 1 : token.Offset;
        var response = new ListWorkflowExecutionsResponse();
        foreach (var row in rows.Skip(first).Take(pageSize))
        {
            response.Executions.Add(((ExecutionInfoVisibilityRow)row.Row).Info);
        }

        var next = first + pageSize;
        if (next < rows.Count)
        {
            response.NextPageToken = ByteString.CopyFrom(new VisibilityPageToken(next, asOf.UtcTicks, rows[next - 1].RunId).ToBytes());
        }

        return response;
    }

    public async Task<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        NamespaceEntry ns;
        VisibilityQuery query;
        lock (_gate)
        {
            ns = GetNamespace(request.Namespace);
            query = ParseVisibilityQuery(request.Query, ns);
        }

        // Counted as the rows stream by: a count over every stored run holds none of them.
        var groups = new SortedDictionary<WorkflowExecutionStatus, (long Count, IVisibilityRow First)>();
        long count = 0;
        await foreach (var row in ReadVisibilityRowsAsync(ns, asOf: null, cancellationToken).ConfigureAwait(false))
        {
            if (!query.Matches(row))
            {
                continue;
            }

            count++;
            if (query.GroupBy is not null)
            {
                groups[row.Status] = groups.TryGetValue(row.Status, out var group) ? (group.Count + 1, group.First) : (1, row);
            }
        }

        var response = new CountWorkflowExecutionsResponse { Count = count };
        foreach (var (_, group) in groups)
        {
            var aggregation = new CountWorkflowExecutionsResponse.Types.AggregationGroup { Count = group.Count };
            aggregation.GroupValues.Add(query.GetGroupValue(group.First));
            response.Groups.Add(aggregation);
        }

        return response;
    }

    /// <summary>
    /// Snapshots the namespace's runs for a query: those in memory (taken under the lock), then the closed runs only
    /// the store holds, streamed outside the lock. A run in both counts once, as memory has it.
    /// </summary>
    private async IAsyncEnumerable<ExecutionInfoVisibilityRow> ReadVisibilityRowsAsync(NamespaceEntry ns, DateTimeOffset? asOf, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ExecutionInfoVisibilityRow> rows;
        HashSet<string> seen;
        lock (_gate)
        {
            rows = _runs.Values
                .Where(r => r.Namespace == ns && (asOf is null || r.StartTime <= asOf))
                .Select(r => new ExecutionInfoVisibilityRow(ToExecutionInfo(r)))
                .ToList();
            seen = new HashSet<string>(rows.Select(r => r.RunId), StringComparer.Ordinal);
            seen.UnionWith(_pendingDeletions.Where(k => k.NamespaceId == ns.Id).Select(k => k.RunId));
        }

        foreach (var row in rows)
        {
            yield return row;
        }

        await foreach (var bytes in _store.ReadClosedVisibilityAsync(ns.Id, cancellationToken).ConfigureAwait(false))
        {
            var row = new ExecutionInfoVisibilityRow(WorkflowExecutionInfo.Parser.ParseFrom(bytes));
            if (!seen.Contains(row.RunId) && (asOf is null || row.StartTime <= asOf))
            {
                yield return row;
            }
        }
    }

    private VisibilityQuery ParseVisibilityQuery(string query, NamespaceEntry ns)
    {
        try
        {
            return VisibilityQuery.Parse(query, NamespaceSearchAttributes(ns));
        }
        catch (VisibilityQueryException e)
        {
            throw InvalidArgument(e.Message);
        }
    }

    private static WorkflowExecutionInfo ToExecutionInfo(WorkflowRun run)
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = run.Execution,
            Type = run.Started.WorkflowType,
            StartTime = Timestamp.FromDateTimeOffset(run.StartTime),
            CloseTime = run.CloseTime is { } closed ? Timestamp.FromDateTimeOffset(closed) : null,
            Status = run.Status,
            HistoryLength = run.HistoryLength,
            ExecutionTime = Timestamp.FromDateTimeOffset(run.ExecutionTime),
            TaskQueue = run.TaskQueueName,
            StateTransitionCount = run.StateTransitionCount,
            HistorySizeBytes = run.HistorySizeBytes,
            RootExecution = run.Started.RootWorkflowExecution ?? run.Execution,
            FirstRunId = run.Started.FirstExecutionRunId,
            Priority = run.Started.Priority,
            Memo = new Memo(),
            SearchAttributes = new SearchAttributes(),
        };
        if (run.Started.ParentWorkflowExecution is { } parent)
        {
            info.ParentExecution = parent;
            info.ParentNamespaceId = run.Started.ParentWorkflowNamespaceId;
        }

        if (run.CloseTime is { } closeTime && closeTime >= run.ExecutionTime)
        {
            info.ExecutionDuration = Duration.FromTimeSpan(closeTime - run.ExecutionTime);
        }

        info.Memo.Fields.Add(run.Memo);
        foreach (var (name, payload) in run.SearchAttributes)
        {
            info.SearchAttributes.IndexedFields[name] = WithTypeMetadata(name, payload);
        }

        return info;
    }

    private static Payload WithTypeMetadata(string name, Payload payload)
    {
        // The TS typed API ignores attributes without "type" metadata; a real server adds it.
        if (payload.Metadata.ContainsKey("type") || !SearchAttributeRegistry.SystemAttributes.ContainsKey(name) && name != "TemporalChangeVersion")
        {
            return payload;
        }

        var typed = payload.Clone();
        typed.Metadata["type"] = ByteString.CopyFromUtf8(name == "TemporalChangeVersion" ? "KeywordList" : SearchAttributeRegistry.SystemAttributes[name].ToString());
        return typed;
    }

    private static PendingActivityInfo ToPendingActivity(PendingActivity activity)
    {
        var info = new PendingActivityInfo
        {
            ActivityId = activity.Scheduled.ActivityId,
            ActivityType = activity.Scheduled.ActivityType,
            State = activity.CancelRequested ? Temporalio.Api.Enums.V1.PendingActivityState.CancelRequested
                : activity.State == ActivityAttemptStatus.Started ? Temporalio.Api.Enums.V1.PendingActivityState.Started
                : Temporalio.Api.Enums.V1.PendingActivityState.Scheduled,
            HeartbeatDetails = activity.HeartbeatDetails,
            LastHeartbeatTime = activity.LastHeartbeatTime is { } hb ? Timestamp.FromDateTimeOffset(hb) : null,
            LastStartedTime = activity.StartedTime is { } st ? Timestamp.FromDateTimeOffset(st) : null,
            Attempt = activity.Attempt,
            MaximumAttempts = activity.Scheduled.RetryPolicy?.MaximumAttempts ?? 0,
            ScheduledTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime),
            LastFailure = activity.LastFailure,
            LastWorkerIdentity = activity.LastWorkerIdentity,
            LastAttemptCompleteTime = activity.LastAttemptCompleteTime is { } lc ? Timestamp.FromDateTimeOffset(lc) : null,
            NextAttemptScheduleTime = activity.NextAttemptScheduleTime is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            Priority = activity.Scheduled.Priority,
        };
        var scheduleToClose = activity.Scheduled.ScheduleToCloseTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (scheduleToClose > TimeSpan.Zero)
        {
            info.ExpirationTime = Timestamp.FromDateTimeOffset(activity.ScheduledTime + scheduleToClose);
        }

        return info;
    }

    private static ByteString HistoryToken(string runId, long nextEventId) => ByteString.CopyFromUtf8($"{runId}|{nextEventId}");

    private static (string? RunId, long From) ParseHistoryToken(ByteString token)
    {
        if (token.IsEmpty)
        {
            return (null, 1);
        }

        var text = Encoding.UTF8.GetString(token.Span);
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || !long.TryParse(text.AsSpan(separator + 1), out var from) || from < 1)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "Invalid NextPageToken.");
        }

        return (text[..separator], from);
    }
}
