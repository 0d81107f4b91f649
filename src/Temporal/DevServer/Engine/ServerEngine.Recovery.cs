namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>After a restart: re-creates the queued tasks and timers a loaded run's state implies.</summary>
internal sealed partial class ServerEngine
{
    private void RearmRun(WorkflowRun run, Mutation m)
    {
        ArmRunTimeouts(run);
        if (run.FirstWorkflowTaskBackoffPending)
        {
            ScheduleCallback(run, run.ExecutionTime, mm => OnFirstWorkflowTaskBackoff(run, mm));
        }

        if (run.WorkflowTask is { } wft)
        {
            if (wft.IsStarted)
            {
                // The worker that held it may be gone: its start-to-close timeout hands the task out again.
                var scheduledEventId = wft.ScheduledEventId;
                var attempt = wft.Attempt;
                ScheduleCallback(run, (wft.StartedTime ?? Now) + wft.StartToCloseTimeout, mm => OnWorkflowTaskTimeout(run, scheduledEventId, attempt, mm));
            }
            else
            {
                m.Dispatch(new TaskQueueKey(run.Namespace.Id, run.TaskQueueName, TaskCategory.Workflow), new DispatchedTask(run.Key, wft.ScheduledEventId, wft.Attempt));
            }
        }

        foreach (var timer in run.Timers.Values)
        {
            ScheduleCallback(run, timer.FireTime, mm => OnTimerFired(run, timer, mm));
        }

        foreach (var activity in run.Activities.Values)
        {
            var scheduleToClose = activity.Scheduled.ScheduleToCloseTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
            if (scheduleToClose > TimeSpan.Zero)
            {
                ScheduleCallback(run, activity.ScheduledTime + scheduleToClose, mm => OnActivityTimeout(run, activity.ScheduledEventId, 0, Temporalio.Api.Enums.V1.TimeoutType.ScheduleToClose, mm));
            }

            switch (activity.State)
            {
                case ActivityAttemptStatus.Scheduled:
                    DispatchActivityAttempt(run, activity, m);
                    break;
                case ActivityAttemptStatus.Started:
                    var attempt = activity.Attempt;
                    var startToClose = activity.Scheduled.StartToCloseTimeout.ToTimeSpan();
                    if (startToClose > TimeSpan.Zero)
                    {
                        ScheduleCallback(run, (activity.StartedTime ?? Now) + startToClose, mm => OnActivityTimeout(run, activity.ScheduledEventId, attempt, Temporalio.Api.Enums.V1.TimeoutType.StartToClose, mm));
                    }

                    ArmHeartbeatTimeout(run, activity, activity.LastHeartbeatTime ?? activity.StartedTime ?? Now);
                    break;
                case ActivityAttemptStatus.BackingOff:
                    activity.State = ActivityAttemptStatus.Scheduled;
                    activity.CurrentAttemptScheduledTime = activity.NextAttemptScheduleTime ?? Now;
                    var due = activity.NextAttemptScheduleTime ?? Now;
                    ScheduleCallback(run, due, mm =>
                    {
                        if (run.IsOpen && run.Activities.ContainsKey(activity.ScheduledEventId) && activity.State == ActivityAttemptStatus.Scheduled)
                        {
                            DispatchActivityAttempt(run, activity, mm);
                        }
                    });
                    break;
            }
        }
    }
}
