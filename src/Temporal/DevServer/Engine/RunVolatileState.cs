namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The part of a run's state that history does not carry, persisted beside it as JSON: activity
/// attempts in flight, events buffered behind a started workflow task, and the start request id.
/// </summary>
internal sealed class RunVolatileState
{
    public string CreateRequestId { get; set; } = string.Empty;

    /// <summary>Gets or sets the latest run reset from this one; history does not say it.</summary>
    public string ResetRunId { get; set; } = string.Empty;

    public List<byte[]> Buffered { get; set; } = [];

    /// <summary>Gets or sets the attempt of a pending transient workflow task (0 when none): it is not in history.</summary>
    public int TransientWorkflowTaskAttempt { get; set; }

    public List<ActivityAttemptState> Activities { get; set; } = [];

    /// <summary>One pending activity's attempt state.</summary>
    internal sealed class ActivityAttemptState
    {
        public long ScheduledEventId { get; set; }

        public int Attempt { get; set; }

        public ActivityAttemptStatus State { get; set; }

        public DateTimeOffset CurrentAttemptScheduledTime { get; set; }

        public DateTimeOffset? StartedTime { get; set; }

        public string StartedIdentity { get; set; } = string.Empty;

        public string StartedRequestId { get; set; } = string.Empty;

        public byte[]? HeartbeatDetails { get; set; }

        public DateTimeOffset? LastHeartbeatTime { get; set; }

        public byte[]? LastFailure { get; set; }

        public string LastWorkerIdentity { get; set; } = string.Empty;

        public DateTimeOffset? LastAttemptCompleteTime { get; set; }

        public DateTimeOffset? NextAttemptScheduleTime { get; set; }
    }
}
