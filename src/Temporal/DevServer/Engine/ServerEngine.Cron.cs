using System.Collections.Concurrent;
using ContentFlows.Temporal.DevServer.Engine.Schedules;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Temporal's cron workflows: a start with <c>cron_schedule</c> waits for the next cron time (first workflow
/// task backoff); when a run completes, fails (after its retries) or times out, its close event names a new
/// run started with initiator CronSchedule, carrying the last result or failure. Cancel and terminate end the chain.
/// </summary>
internal sealed partial class ServerEngine
{
    private static readonly ConcurrentDictionary<string, CronSchedule?> CronCache = new(StringComparer.Ordinal);

    private static void ValidateCronSchedule(string? cron, Duration? startDelay)
    {
        if (string.IsNullOrEmpty(cron))
        {
            return;
        }

        if (startDelay is not null && startDelay.ToTimeSpan() > TimeSpan.Zero)
        {
            throw InvalidArgument("CronSchedule and WorkflowStartDelay may not be used together.");
        }

        if (ParseCron(cron) is null)
        {
            throw InvalidArgument("invalid CronSchedule.");
        }
    }

    private static CronSchedule? ParseCron(string cron) => CronCache.GetOrAdd(cron, c =>
    {
        try
        {
            return CronSchedule.Parse(c);
        }
        catch (FormatException)
        {
            return null;
        }
    });

    /// <summary>The first run of a cron workflow waits for the first cron time after its start.</summary>
    private static TimeSpan? FirstCronBackoff(string? cron, DateTimeOffset now) =>
        string.IsNullOrEmpty(cron) ? null : ParseCron(cron)?.BackoffForNext(now, now);

    /// <summary>Closes a cron run with <paramref name="closeEvent"/> naming the next run, and starts that run; false when the run has no cron schedule.</summary>
    private bool TryContinueCron(WorkflowRun run, HistoryEvent closeEvent, Payloads? result, Failure? failure, Mutation m)
    {
        var started = run.Started;
        if (string.IsNullOrEmpty(started.CronSchedule) || ParseCron(started.CronSchedule) is not { } cron)
        {
            return false;
        }

        var executionTime = run.StartTime + (started.FirstWorkflowTaskBackoff?.ToTimeSpan() ?? TimeSpan.Zero);
        if (cron.BackoffForNext(executionTime, Now) is not { } backoff)
        {
            return false;
        }

        var newRunId = Guid.NewGuid().ToString();
        switch (closeEvent.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes:
                closeEvent.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId = newRunId;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                closeEvent.WorkflowExecutionFailedEventAttributes.NewExecutionRunId = newRunId;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                closeEvent.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId = newRunId;
                break;
            default:
                return false;
        }

        CloseRun(run, closeEvent, m, notifyParent: false);
        var spec = NextRunSpec(run, started.Input, started.Header, started.Memo, started.SearchAttributes, started.RetryPolicy) with
        {
            RunId = newRunId,
            Initiator = ContinueAsNewInitiator.CronSchedule,
            LastCompletionResult = result ?? started.LastCompletionResult,
            ContinuedFailure = failure,
            Backoff = backoff,

            // Each cron run gets its own execution timeout, counted from its start.
            ExpirationTime = null,
        };
        CreateRun(run.Namespace, spec, Guid.NewGuid().ToString(), m);
        return true;
    }
}
