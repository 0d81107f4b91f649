using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Schedule.V1;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>
/// One schedule's whole state, the engine's counterpart of Temporal's per-schedule scheduler workflow:
/// the schedule as configured, its info (counters, running and recent actions), the starts waiting on the
/// overlap policy, and the last time processed, which is persisted with the starts it produced so that a
/// due action fires once across restarts.
/// </summary>
internal sealed class ScheduleEntry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public ScheduleEntry(NamespaceEntry ns, string scheduleId, Schedule schedule)
    {
        Namespace = ns;
        ScheduleId = scheduleId;
        Schedule = schedule;
    }

    public NamespaceEntry Namespace { get; }

    public string ScheduleId { get; }

    public Schedule Schedule { get; set; }

    public ScheduleInfo Info { get; set; } = new();

    public Memo? Memo { get; set; }

    public SearchAttributes? SearchAttributes { get; set; }

    public long ConflictToken { get; set; } = 1;

    /// <summary>Gets or sets the create request's id: a retried create answers success, any other create AlreadyExists.</summary>
    public string CreateRequestId { get; set; } = string.Empty;

    public DateTimeOffset LastProcessedTime { get; set; }

    public List<BufferedStart> Buffer { get; } = [];

    public Payloads? LastCompletionResult { get; set; }

    public Failure? ContinuedFailure { get; set; }

    /// <summary>Gets or sets the compiled spec; null when the stored spec no longer compiles.</summary>
    public CompiledScheduleSpec? Spec { get; set; }

    /// <summary>Gets or sets why the stored spec no longer compiles (after an upgrade), or empty.</summary>
    public string InvalidSpecError { get; set; } = string.Empty;

    /// <summary>Gets or sets the wake-up armed for the next action time.</summary>
    public ITimer? Timer { get; set; }

    public bool Deleted { get; set; }

    public string JitterSeed => $"{Namespace.Id}-{ScheduleId}";

    public byte[] Serialize()
    {
        var state = new StoredState
        {
            Schedule = Schedule.ToByteArray(),
            Info = Info.ToByteArray(),
            Memo = Memo?.ToByteArray(),
            SearchAttributes = SearchAttributes?.ToByteArray(),
            ConflictToken = ConflictToken,
            CreateRequestId = CreateRequestId,
            LastProcessedTime = LastProcessedTime,
            Buffer = Buffer.Select(b => new StoredStart { Nominal = b.Nominal, Actual = b.Actual, OverlapPolicy = b.OverlapPolicy, Manual = b.Manual }).ToList(),
            LastCompletionResult = LastCompletionResult?.ToByteArray(),
            ContinuedFailure = ContinuedFailure?.ToByteArray(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(state, Json);
    }

    public static ScheduleEntry Deserialize(NamespaceEntry ns, string scheduleId, byte[] data)
    {
        var state = JsonSerializer.Deserialize<StoredState>(data, Json) ?? throw new InvalidDataException($"Schedule {scheduleId} has an empty state.");
        var entry = new ScheduleEntry(ns, scheduleId, Schedule.Parser.ParseFrom(state.Schedule))
        {
            Info = ScheduleInfo.Parser.ParseFrom(state.Info),
            Memo = state.Memo is null ? null : Memo.Parser.ParseFrom(state.Memo),
            SearchAttributes = state.SearchAttributes is null ? null : SearchAttributes.Parser.ParseFrom(state.SearchAttributes),
            ConflictToken = state.ConflictToken,
            CreateRequestId = state.CreateRequestId,
            LastProcessedTime = state.LastProcessedTime,
            LastCompletionResult = state.LastCompletionResult is null ? null : Payloads.Parser.ParseFrom(state.LastCompletionResult),
            ContinuedFailure = state.ContinuedFailure is null ? null : Failure.Parser.ParseFrom(state.ContinuedFailure),
        };
        entry.Buffer.AddRange(state.Buffer.Select(b => new BufferedStart(b.Nominal, b.Actual, b.OverlapPolicy, b.Manual)));
        return entry;
    }

    /// <summary>The persisted form: protobuf messages as bytes inside JSON, like a run's volatile state.</summary>
    internal sealed class StoredState
    {
        public byte[] Schedule { get; set; } = [];

        public byte[] Info { get; set; } = [];

        public byte[]? Memo { get; set; }

        public byte[]? SearchAttributes { get; set; }

        public long ConflictToken { get; set; }

        public string CreateRequestId { get; set; } = string.Empty;

        public DateTimeOffset LastProcessedTime { get; set; }

        public List<StoredStart> Buffer { get; set; } = [];

        public byte[]? LastCompletionResult { get; set; }

        public byte[]? ContinuedFailure { get; set; }
    }

    /// <summary>A buffered start as persisted.</summary>
    internal sealed class StoredStart
    {
        public DateTimeOffset Nominal { get; set; }

        public DateTimeOffset Actual { get; set; }

        public ScheduleOverlapPolicy OverlapPolicy { get; set; }

        public bool Manual { get; set; }
    }
}
