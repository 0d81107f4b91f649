using Temporalio.Workflows;

namespace ContentFlows.Activities.Tests.Encryption;

/// <summary>Carries a confidential brief through an activity, so input, activity input and result, and the workflow's result are payloads in the history.</summary>
[Workflow]
public sealed class ConfidentialBriefWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string brief)
    {
        var outline = await Workflow.ExecuteActivityAsync(
            (ConfidentialBriefActivities activities) => activities.Outline(brief),
            new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        return $"approved: {outline}";
    }
}
