using System.Globalization;
using Temporalio.Activities;

namespace ContentFlows.Temporal.InteropTests.WorkerHost;

/// <summary>Appends "start|done,workflowId,step,attempt" lines to the activity log; step "two" blocks on attempt 1.</summary>
public sealed class KillableActivities(string activityLog)
{
    private static readonly Lock LogLock = new();

    [Activity]
    public async Task<string> StepAsync(string step, string input)
    {
        ActivityExecutionContext context = ActivityExecutionContext.Current;
        Append("start", context.Info, step);
        if (step == "two" && context.Info.Attempt == 1)
        {
            // The test waits for this line, then SIGKILLs this process.
            Console.WriteLine("blocking two");
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        Append("done", context.Info, step);
        return $"{input}>{step}";
    }

    private void Append(string phase, ActivityInfo info, string step)
    {
        lock (LogLock)
        {
            File.AppendAllText(activityLog, string.Create(CultureInfo.InvariantCulture, $"{phase},{info.WorkflowId},{step},{info.Attempt}\n"));
        }
    }
}
