using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Temporal's history count and size limits: suggest continue-as-new, warn, then terminate.</summary>
internal sealed partial class ServerEngine
{
    private HistoryLimits Limits => _dynamicConfig.HistoryLimits;

    /// <summary>Sets the started event's continue-as-new suggestion from the history so far, as Temporal computes it.</summary>
    private void SuggestContinueAsNew(WorkflowRun run, WorkflowTaskStartedEventAttributes started)
    {
        // The started event's own id counts, as on Temporal (its next event id is the started event's).
        if (run.HistorySizeBytes >= Limits.SizeSuggestContinueAsNew)
        {
            started.SuggestContinueAsNewReasons.Add(SuggestContinueAsNewReason.HistorySizeTooLarge);
        }

        if (run.NextEventId >= Limits.CountSuggestContinueAsNew)
        {
            started.SuggestContinueAsNewReasons.Add(SuggestContinueAsNewReason.TooManyHistoryEvents);
        }

        started.SuggestContinueAsNew = started.SuggestContinueAsNewReasons.Count > 0;
    }

    /// <summary>Terminates the changed runs whose history went past the error limits; warns past the warn limits.</summary>
    private void EnforceHistoryLimits(Mutation m)
    {
        List<WorkflowRun>? over = null;
        foreach (var run in m.Touched)
        {
            var count = run.NextEventId - 1;
            if (run.IsOpen && (count > Limits.CountError || run.HistorySizeBytes > Limits.SizeError))
            {
                (over ??= []).Add(run);
            }
            else if ((count > Limits.CountWarn || run.HistorySizeBytes > Limits.SizeWarn) && !run.HistoryLimitWarned)
            {
                run.HistoryLimitWarned = true;
                LogHistoryLimitWarn(run.WorkflowId, run.RunId, count, run.HistorySizeBytes);
            }
        }

        foreach (var run in over ?? [])
        {
            var reason = run.NextEventId - 1 > Limits.CountError ? HistoryLimits.CountExceededReason : HistoryLimits.SizeExceededReason;
            LogHistoryLimitTerminated(run.WorkflowId, run.RunId, run.NextEventId - 1, run.HistorySizeBytes, reason);
            TerminateRun(run, reason, null, "history-service", m);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of workflow {WorkflowId} run {RunId} exceeds the warn limit: {EventCount} events, {SizeBytes} bytes")]
    private partial void LogHistoryLimitWarn(string workflowId, string runId, long eventCount, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminating workflow {WorkflowId} run {RunId}: {EventCount} events, {SizeBytes} bytes; {Reason}")]
    private partial void LogHistoryLimitTerminated(string workflowId, string runId, long eventCount, long sizeBytes, string reason);
}
