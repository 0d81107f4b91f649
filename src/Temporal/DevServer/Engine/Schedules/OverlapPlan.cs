using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Engine.Schedules;

/// <summary>
/// What to do with the buffered starts given whether the schedule's last workflow is still running,
/// per overlap policy, as Temporal's scheduler decides it (service/worker/scheduler/buffer.go).
/// </summary>
internal sealed class OverlapPlan
{
    /// <summary>Gets the allow-all starts, which all start now.</summary>
    public List<BufferedStart> OverlappingStarts { get; } = [];

    /// <summary>Gets or sets the one non-overlapping start to make now, if any.</summary>
    public BufferedStart? NonOverlappingStart { get; set; }

    public List<BufferedStart> NewBuffer { get; } = [];

    public bool NeedCancel { get; set; }

    public bool NeedTerminate { get; set; }

    public long OverlapSkipped { get; set; }

    public static OverlapPlan Decide(IEnumerable<BufferedStart> buffer, bool isRunning, Func<ScheduleOverlapPolicy, ScheduleOverlapPolicy> resolve)
    {
        var plan = new OverlapPlan();
        foreach (var start in buffer)
        {
            var policy = resolve(start.OverlapPolicy);
            if (policy == ScheduleOverlapPolicy.AllowAll)
            {
                plan.OverlappingStarts.Add(start);
                continue;
            }

            if (!isRunning && plan.NonOverlappingStart is null)
            {
                plan.NonOverlappingStart = start;
                continue;
            }

            switch (policy)
            {
                case ScheduleOverlapPolicy.BufferOne:
                    if (plan.NewBuffer.Count == 0)
                    {
                        plan.NewBuffer.Add(start);
                    }
                    else
                    {
                        plan.OverlapSkipped++;
                    }

                    break;
                case ScheduleOverlapPolicy.BufferAll:
                    plan.NewBuffer.Add(start);
                    break;
                case ScheduleOverlapPolicy.CancelOther:
                case ScheduleOverlapPolicy.TerminateOther:
                    if (isRunning)
                    {
                        // Kept in the buffer: it starts once the running one has closed.
                        plan.NeedCancel |= policy == ScheduleOverlapPolicy.CancelOther;
                        plan.NeedTerminate |= policy == ScheduleOverlapPolicy.TerminateOther;
                        plan.NewBuffer.Add(start);
                    }
                    else
                    {
                        plan.NonOverlappingStart = start;
                    }

                    break;
                default:
                    plan.OverlapSkipped++;
                    break;
            }
        }

        if (plan.NeedCancel || plan.NeedTerminate)
        {
            plan.OverlappingStarts.Clear();
        }

        return plan;
    }
}
