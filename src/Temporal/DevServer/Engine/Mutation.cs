using ContentFlows.Temporal.DevServer.Persistence;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Collects what one engine operation changed: the runs to persist, and the tasks and wake-ups that
/// must wait until the change is durable (a worker must never receive a task the store could lose).
/// </summary>
internal sealed class Mutation
{
    public HashSet<WorkflowRun> Touched { get; } = [];

    public List<(TaskQueueKey Queue, DispatchedTask Task)> Dispatches { get; } = [];

    public List<NamespaceRecord> Namespaces { get; } = [];

    /// <summary>Gets the schedules to persist (a deleted one is written as a removal).</summary>
    public HashSet<Schedules.ScheduleEntry> TouchedSchedules { get; } = [];

    /// <summary>Gets the runs to delete from the store with their history.</summary>
    public List<DeletedExecution> Deletions { get; } = [];

    public List<Action> AfterCommit { get; } = [];

    /// <summary>Gets or sets an error to answer with once the change is committed (e.g. UnhandledCommand).</summary>
    public Exception? ErrorAfterCommit { get; set; }

    public void Touch(WorkflowRun run) => Touched.Add(run);

    public void TouchSchedule(Schedules.ScheduleEntry schedule) => TouchedSchedules.Add(schedule);

    public void Dispatch(TaskQueueKey queue, DispatchedTask task) => Dispatches.Add((queue, task));
}
