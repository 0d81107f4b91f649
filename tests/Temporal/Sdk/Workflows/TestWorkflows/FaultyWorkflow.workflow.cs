using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Workflows;

namespace ContentFlows.Temporal.Tests.Workflows.TestWorkflows;

/// <summary>Fails in the way its input says.</summary>
[Workflow]
public class FaultyWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string mode)
    {
        switch (mode)
        {
            case "application":
                throw new ApplicationFailureException("bad input", "BadInput", nonRetryable: true);
            case "bug":
                throw new InvalidOperationException("a bug in workflow code");
            case "block":
#pragma warning disable VSTHRD002, VSTHRD103 // Deliberately blocks the workflow thread to trigger deadlock detection.
                Task.Delay(TimeSpan.FromSeconds(1)).Wait();
#pragma warning restore VSTHRD002, VSTHRD103
                return "unreachable";
            case "activity":
                try
                {
                    await Workflow.ExecuteActivityAsync((GreetingActivities a) => a.ComposeGreetingAsync("x"), new ActivityOptions(TimeSpan.FromMinutes(1)));
                    return "no failure";
                }
                catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException app)
                {
                    return $"{e.ActivityType} failed: {app.ErrorType}: {app.Message}";
                }

            default:
                await Workflow.ExecuteActivityAsync((GreetingActivities a) => a.PublishAsync(mode), new ActivityOptions(TimeSpan.FromMinutes(1)));
                return "published";
        }
    }
}
