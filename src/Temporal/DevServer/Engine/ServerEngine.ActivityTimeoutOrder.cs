using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Which of an activity's timeouts a firing timer reports. Temporal sorts an activity's timers by deadline, then by
/// timeout type (start-to-close, schedule-to-start, schedule-to-close, heartbeat), and times the activity out with the
/// first one due. Here each timeout has its own callback, so two due together (a deadline shared by defaulted
/// timeouts, or a skipped clock firing both at one instant) would race without this.
/// </summary>
internal sealed partial class ServerEngine
{
    private static TimeoutType FirstDueTimeout(PendingActivity activity, TimeoutType fired, DateTimeOffset now)
    {
        var due = new List<(DateTimeOffset At, TimeoutType Type)>(4);
        var scheduled = activity.Scheduled;
        if (activity.State == ActivityAttemptStatus.Scheduled && scheduled.ScheduleToStartTimeout?.ToTimeSpan() is { } scheduleToStart && scheduleToStart > TimeSpan.Zero)
        {
            due.Add((activity.CurrentAttemptScheduledTime + scheduleToStart, TimeoutType.ScheduleToStart));
        }

        if (ScheduleToCloseDeadline(activity) is { } scheduleToCloseDeadline)
        {
            due.Add((scheduleToCloseDeadline, TimeoutType.ScheduleToClose));
        }

        if (activity.State == ActivityAttemptStatus.Started && activity.StartedTime is { } started)
        {
            if (scheduled.StartToCloseTimeout?.ToTimeSpan() is { } startToClose && startToClose > TimeSpan.Zero)
            {
                due.Add((started + startToClose, TimeoutType.StartToClose));
            }

            if (scheduled.HeartbeatTimeout?.ToTimeSpan() is { } heartbeat && heartbeat > TimeSpan.Zero)
            {
                due.Add(((activity.LastHeartbeatTime ?? started) + heartbeat, TimeoutType.Heartbeat));
            }
        }

        // Due means by now, or by the fired timer's own deadline: a timer may wake a hair before its deadline.
        var threshold = now;
        foreach (var (at, type) in due)
        {
            if (type == fired && at > threshold)
            {
                threshold = at;
            }
        }

        return due
            .Where(d => d.At <= threshold)
            .OrderBy(d => d.At)
            .ThenBy(d => (int)d.Type)
            .Select(d => d.Type)
            .DefaultIfEmpty(fired)
            .First();
    }
}
