using ContentFlows.Temporal.DevServer.TimeSkipping;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// What holds a time-skipping clock still: a workflow task or an activity waiting or running on any open run, or a
/// fired timer whose change is still being applied (between the timer and its commit nothing else is outstanding yet).
/// </summary>
internal sealed partial class ServerEngine
{
    private int _callbacksInFlight;

    public bool HasOutstandingWork()
    {
        if (Volatile.Read(ref _callbacksInFlight) > 0)
        {
            return true;
        }

        lock (_gate)
        {
            foreach (var run in _runs.Values)
            {
                if (!run.IsOpen)
                {
                    continue;
                }

                if (run.WorkflowTask is not null || run.Activities.Values.Any(a => a.State != ActivityAttemptStatus.BackingOff))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Lets a skipping clock look again once a change is committed.</summary>
    private void NudgeClock()
    {
        if (_time is SkippableTimeProvider clock)
        {
            clock.Nudge();
        }
    }
}
