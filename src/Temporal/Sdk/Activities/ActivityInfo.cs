using ContentFlows.Temporal.Converters;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Activities;

/// <summary>What the server told the worker about one activity attempt.</summary>
public sealed record ActivityInfo
{
    /// <summary>Gets the activity id, unique within the workflow run.</summary>
    public required string ActivityId { get; init; }

    /// <summary>Gets the activity type name.</summary>
    public required string ActivityType { get; init; }

    /// <summary>Gets the attempt number, starting at 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets the namespace of the workflow that scheduled the activity.</summary>
    public required string WorkflowNamespace { get; init; }

    /// <summary>Gets the id of the workflow that scheduled the activity.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the run id of the workflow that scheduled the activity.</summary>
    public required string WorkflowRunId { get; init; }

    /// <summary>Gets the type name of the workflow that scheduled the activity.</summary>
    public required string WorkflowType { get; init; }

    /// <summary>Gets the task queue the activity was polled from.</summary>
    public required string TaskQueue { get; init; }

    /// <summary>Gets the details of the last heartbeat of a previous attempt (already decoded by the codec), empty when none.</summary>
    public IReadOnlyList<Payload> HeartbeatDetails { get; init; } = [];

    /// <summary>Gets when the activity was first scheduled.</summary>
    public DateTimeOffset ScheduledTime { get; init; }

    /// <summary>Gets when this attempt was scheduled.</summary>
    public DateTimeOffset CurrentAttemptScheduledTime { get; init; }

    /// <summary>Gets when this attempt was handed to the worker.</summary>
    public DateTimeOffset StartedTime { get; init; }

    /// <summary>Gets the heartbeat timeout, or null when heartbeats are not required.</summary>
    public TimeSpan? HeartbeatTimeout { get; init; }

    /// <summary>Gets the start-to-close timeout of one attempt, or null when unlimited.</summary>
    public TimeSpan? StartToCloseTimeout { get; init; }

    /// <summary>Gets the schedule-to-close timeout of all attempts together, or null when unlimited.</summary>
    public TimeSpan? ScheduleToCloseTimeout { get; init; }

    /// <summary>Gets when this attempt must finish (the earlier of start-to-close and schedule-to-close), or null when unlimited.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Gets the opaque task token identifying this attempt to the server.</summary>
    public required ReadOnlyMemory<byte> TaskToken { get; init; }

    /// <summary>Gets the converter that turns <see cref="HeartbeatDetails"/> into values.</summary>
    internal IPayloadConverter? PayloadConverter { get; init; }

    /// <summary>Gets a value indicating whether a previous attempt recorded heartbeat details.</summary>
    public bool HasHeartbeatDetails => HeartbeatDetails.Count > 0;

    /// <summary>Converts the previous attempt's heartbeat detail at <paramref name="index"/> to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The detail's type.</typeparam>
    /// <param name="index">The position of the detail in the last <c>Heartbeat(...)</c> call.</param>
    /// <returns>The detail.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No detail at that index.</exception>
    public T HeartbeatDetailAt<T>(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, HeartbeatDetails.Count);
        var converter = PayloadConverter ?? DataConverter.Default.PayloadConverter;
        return (T)converter.ToValue(HeartbeatDetails[index], typeof(T))!;
    }
}
