namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// A reference to work waiting in a queue. It carries only ids: the poller re-checks it against the
/// run's current state, so a task made stale by a later change is dropped instead of delivered.
/// </summary>
internal sealed record DispatchedTask(RunKey Run, long ScheduledEventId, int Attempt, string QueryId = "");
