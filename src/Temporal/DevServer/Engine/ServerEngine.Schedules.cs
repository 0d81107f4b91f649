using System.Buffers.Binary;
using System.Text;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine.Schedules;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>The schedule RPCs: create, describe, update, patch (trigger, backfill, pause), delete, list, count and matching times.</summary>
internal sealed partial class ServerEngine
{
    private const int MaxListMatchingTimes = 1000;
    private const int FutureActionCount = 10;
    private const int ListFutureActionCount = 5;
    private const int ListRecentActionCount = 5;

    private readonly Dictionary<(string NamespaceId, string ScheduleId), ScheduleEntry> _schedules = [];

    public Task<CreateScheduleResponse> CreateScheduleAsync(CreateScheduleRequest request)
    {
        if (string.IsNullOrEmpty(request.ScheduleId))
        {
            throw InvalidArgument("ScheduleId is not set on request.");
        }

        if (request.ScheduleId.Length > MaxIdLength)
        {
            throw InvalidArgument("ScheduleId exceeds length limit.");
        }

        var schedule = request.Schedule?.Clone() ?? new Schedule();
        var spec = CompileScheduleSpec(schedule);
        ValidateScheduleAction(schedule);
        return MutateAsync(m =>
        {
            var ns = GetNamespace(request.Namespace);
            ValidateSearchAttributes(ns, schedule.Action?.StartWorkflow?.SearchAttributes);
            ValidateSearchAttributes(ns, request.SearchAttributes);
            if (_schedules.TryGetValue((ns.Id, request.ScheduleId), out var existing))
            {
                if (!string.IsNullOrEmpty(request.RequestId) && existing.CreateRequestId == request.RequestId)
                {
                    return new CreateScheduleResponse { ConflictToken = ConflictTokenBytes(existing.ConflictToken) };
                }

                // Temporal answers as for its scheduler workflow's id: WorkflowExecutionAlreadyStarted.
                throw new GrpcException(GrpcStatusCode.AlreadyExists, "schedule with this ID is already registered", new WorkflowExecutionAlreadyStartedFailure { StartRequestId = existing.CreateRequestId });
            }

            var entry = new ScheduleEntry(ns, request.ScheduleId, schedule)
            {
                Spec = spec,
                Memo = request.Memo,
                SearchAttributes = request.SearchAttributes is { IndexedFields.Count: > 0 } sa ? sa : null,
                LastProcessedTime = Now,
                CreateRequestId = string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId,
            };
            entry.Info.CreateTime = Timestamp.FromDateTimeOffset(Now);
            EnsureScheduleDefaults(entry);
            _schedules[(ns.Id, entry.ScheduleId)] = entry;
            if (request.InitialPatch is { } patch)
            {
                ApplySchedulePatch(entry, patch);
            }

            ProcessSchedule(entry, m);
            return new CreateScheduleResponse { ConflictToken = ConflictTokenBytes(entry.ConflictToken) };
        });
    }

    public DescribeScheduleResponse DescribeSchedule(DescribeScheduleRequest request)
    {
        lock (_gate)
        {
            var entry = GetSchedule(request.Namespace, request.ScheduleId);
            var info = entry.Info.Clone();
            info.FutureActionTimes.Add(FutureActionTimes(entry, FutureActionCount));
            info.BufferSize = entry.Buffer.Count;
            return new DescribeScheduleResponse
            {
                Schedule = entry.Schedule.Clone(),
                Info = info,
                Memo = entry.Memo?.Clone(),
                SearchAttributes = entry.SearchAttributes?.Clone(),
                ConflictToken = ConflictTokenBytes(entry.ConflictToken),
            };
        }
    }

    public Task<UpdateScheduleResponse> UpdateScheduleAsync(UpdateScheduleRequest request)
    {
        var schedule = request.Schedule?.Clone() ?? new Schedule();
        var spec = CompileScheduleSpec(schedule);
        ValidateScheduleAction(schedule);
        return MutateAsync(m =>
        {
            var entry = GetSchedule(request.Namespace, request.ScheduleId);
            ValidateSearchAttributes(entry.Namespace, schedule.Action?.StartWorkflow?.SearchAttributes);
            ValidateSearchAttributes(entry.Namespace, request.SearchAttributes);
            if (!request.ConflictToken.IsEmpty && ParseConflictToken(request.ConflictToken) != entry.ConflictToken)
            {
                throw new GrpcException(GrpcStatusCode.FailedPrecondition, "mismatched conflict token");
            }

            entry.Schedule = schedule;
            entry.Spec = spec;
            entry.InvalidSpecError = string.Empty;
            EnsureScheduleDefaults(entry);
            if (request.SearchAttributes is not null)
            {
                // Present replaces (an empty set clears); absent leaves them alone, as Temporal documents.
                entry.SearchAttributes = request.SearchAttributes.IndexedFields.Count > 0 ? request.SearchAttributes : null;
            }

            entry.Info.UpdateTime = Timestamp.FromDateTimeOffset(Now);
            entry.ConflictToken++;
            ProcessSchedule(entry, m);
            return new UpdateScheduleResponse();
        });
    }

    public Task<PatchScheduleResponse> PatchScheduleAsync(PatchScheduleRequest request)
    {
        return MutateAsync(m =>
        {
            var entry = GetSchedule(request.Namespace, request.ScheduleId);
            if (request.Patch is { } patch)
            {
                ApplySchedulePatch(entry, patch);
            }

            ProcessSchedule(entry, m);
            return new PatchScheduleResponse();
        });
    }

    public Task<DeleteScheduleResponse> DeleteScheduleAsync(DeleteScheduleRequest request)
    {
        return MutateAsync(m =>
        {
            var entry = GetSchedule(request.Namespace, request.ScheduleId);
            _schedules.Remove((entry.Namespace.Id, entry.ScheduleId));
            entry.Deleted = true;
            entry.Timer?.Dispose();
            entry.Timer = null;
            m.TouchSchedule(entry);
            return new DeleteScheduleResponse();
        });
    }

    public ListSchedulesResponse ListSchedules(ListSchedulesRequest request)
    {
        lock (_gate)
        {
            var ns = GetNamespace(request.Namespace);
            var after = request.NextPageToken.IsEmpty ? null : request.NextPageToken.ToStringUtf8();
            var pageSize = request.MaximumPageSize > 0 ? request.MaximumPageSize : 1000;
            var page = _schedules.Values
                .Where(s => s.Namespace.Id == ns.Id && (after is null || string.CompareOrdinal(s.ScheduleId, after) > 0))
                .OrderBy(s => s.ScheduleId, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
            var response = new ListSchedulesResponse();
            response.Schedules.Add(page.Take(pageSize).Select(ListEntry));
            if (page.Count > pageSize)
            {
                response.NextPageToken = ByteString.CopyFromUtf8(page[pageSize - 1].ScheduleId);
            }

            return response;
        }
    }

    public CountSchedulesResponse CountSchedules(CountSchedulesRequest request)
    {
        lock (_gate)
        {
            var ns = GetNamespace(request.Namespace);
            return new CountSchedulesResponse { Count = _schedules.Values.Count(s => s.Namespace.Id == ns.Id) };
        }
    }

    public ListScheduleMatchingTimesResponse ListScheduleMatchingTimes(ListScheduleMatchingTimesRequest request)
    {
        if (request.StartTime is null || request.EndTime is null)
        {
            throw InvalidArgument("missing or invalid query");
        }

        lock (_gate)
        {
            var entry = GetSchedule(request.Namespace, request.ScheduleId);
            if (entry.Spec is null)
            {
                throw InvalidArgument("invalid schedule: " + entry.InvalidSpecError);
            }

            var response = new ListScheduleMatchingTimesResponse();
            var t = request.StartTime.ToDateTimeOffset();
            var end = request.EndTime.ToDateTimeOffset();
            for (var i = 0; i < MaxListMatchingTimes; i++)
            {
                if (entry.Spec.GetNextTime(entry.JitterSeed, t) is not { } next || next.Next > end)
                {
                    break;
                }

                t = next.Next;
                response.StartTime.Add(Timestamp.FromDateTimeOffset(t));
            }

            return response;
        }
    }

    private static CompiledScheduleSpec CompileScheduleSpec(Schedule schedule)
    {
        try
        {
            var compiled = CompiledScheduleSpec.Compile(schedule.Spec ?? new ScheduleSpec());
            schedule.Spec = compiled.Canonical;
            return compiled;
        }
        catch (FormatException e)
        {
            throw InvalidArgument("Invalid schedule spec: " + e.Message);
        }
    }

    private void ValidateScheduleAction(Schedule schedule)
    {
        if (schedule.Action?.StartWorkflow is not { } start)
        {
            return;
        }

        // The id must stay valid once the scheduler appends "-<RFC 3339 time>".
        if (start.WorkflowId.Length + "-2009-11-10T23:00:00Z".Length > MaxIdLength)
        {
            throw InvalidArgument("WorkflowId exceeds length limit.");
        }

        if (string.IsNullOrEmpty(start.WorkflowType?.Name))
        {
            throw InvalidArgument("WorkflowType is not set on request.");
        }

        if (string.IsNullOrEmpty(start.TaskQueue?.Name))
        {
            throw InvalidArgument("TaskQueue is not set on request.");
        }

        if (start.CronSchedule.Length > 0)
        {
            throw InvalidArgument("CronSchedule is not allowed.");
        }

        if (start.WorkflowIdReusePolicy is not (WorkflowIdReusePolicy.Unspecified or WorkflowIdReusePolicy.AllowDuplicate))
        {
            throw InvalidArgument("WorkflowIdReusePolicy is not allowed.");
        }

        if (start.RetryPolicy is not null)
        {
            RetryPolicies.Validate(start.RetryPolicy);
        }
    }

    /// <summary>Fills the policy defaults eagerly so Describe shows them, as Temporal's scheduler does.</summary>
    private static void EnsureScheduleDefaults(ScheduleEntry entry)
    {
        var schedule = entry.Schedule;
        schedule.Spec ??= new ScheduleSpec();
        schedule.Action ??= new ScheduleAction();
        schedule.Policies ??= new SchedulePolicies();
        schedule.State ??= new ScheduleState();
        schedule.Policies.OverlapPolicy = ResolveOverlap(entry, schedule.Policies.OverlapPolicy);
        schedule.Policies.CatchupWindow = Duration.FromTimeSpan(CatchupWindow(entry));
    }

    private void ApplySchedulePatch(ScheduleEntry entry, SchedulePatch patch)
    {
        if (patch.TriggerImmediately is { } trigger)
        {
            var at = trigger.ScheduledTime?.ToDateTimeOffset() ?? Now;
            AddScheduledStart(entry, at, at, trigger.OverlapPolicy, manual: true);
        }

        foreach (var backfill in patch.BackfillRequest)
        {
            // The start is inclusive (Temporal subtracts a millisecond before searching "after").
            var start = (backfill.StartTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch).AddMilliseconds(-1);
            var end = backfill.EndTime?.ToDateTimeOffset() ?? start;
            ProcessScheduleTimeRange(entry, start, end, backfill.OverlapPolicy, manual: true);
        }

        if (patch.Pause.Length > 0)
        {
            entry.Schedule.State.Paused = true;
            entry.Schedule.State.Notes = patch.Pause;
            entry.ConflictToken++;
        }

        if (patch.Unpause.Length > 0)
        {
            entry.Schedule.State.Paused = false;
            entry.Schedule.State.Notes = patch.Unpause;
            entry.ConflictToken++;
        }
    }

    private ScheduleEntry GetSchedule(string @namespace, string scheduleId)
    {
        var ns = GetNamespace(@namespace);
        return _schedules.TryGetValue((ns.Id, scheduleId), out var entry)
            ? entry
            : throw new GrpcException(GrpcStatusCode.NotFound, "schedule not found");
    }

    private ScheduleListEntry ListEntry(ScheduleEntry entry)
    {
        var spec = entry.Schedule.Spec.Clone();
        spec.TimezoneData = ByteString.Empty;
        var info = new ScheduleListInfo
        {
            Spec = spec,
            WorkflowType = entry.Schedule.Action.StartWorkflow?.WorkflowType,
            Notes = entry.Schedule.State.Notes,
            Paused = entry.Schedule.State.Paused,
        };
        info.RecentActions.Add(entry.Info.RecentActions.Skip(Math.Max(0, entry.Info.RecentActions.Count - ListRecentActionCount)));
        info.FutureActionTimes.Add(FutureActionTimes(entry, ListFutureActionCount));
        return new ScheduleListEntry
        {
            ScheduleId = entry.ScheduleId,
            Memo = entry.Memo,
            SearchAttributes = entry.SearchAttributes,
            Info = info,
        };
    }

    /// <summary>Up to <paramref name="count"/> coming action times, no more than the remaining actions, none before the last update.</summary>
    private static List<Timestamp> FutureActionTimes(ScheduleEntry entry, int count)
    {
        var result = new List<Timestamp>();
        if (entry.Spec is null)
        {
            return result;
        }

        if (entry.Schedule.State.LimitedActions)
        {
            count = (int)Math.Min(count, entry.Schedule.State.RemainingActions);
        }

        var updated = entry.Info.UpdateTime?.ToDateTimeOffset();
        var t = entry.LastProcessedTime;
        while (result.Count < count && entry.Spec.GetNextTime(entry.JitterSeed, t) is { } next)
        {
            t = next.Next;
            if (updated is { } u && u > t)
            {
                continue;
            }

            result.Add(Timestamp.FromDateTimeOffset(t));
        }

        return result;
    }

    /// <summary>Temporal's v1 scheduler encodes its int64 conflict token as 8 little-endian bytes.</summary>
    private static ByteString ConflictTokenBytes(long token)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, token);
        return ByteString.CopyFrom(bytes);
    }

    private static long ParseConflictToken(ByteString token) =>
        token.Length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(token.Span) : throw InvalidArgument("invalid conflict token: " + Convert.ToHexString(Encoding.UTF8.GetBytes(token.ToStringUtf8())));
}
