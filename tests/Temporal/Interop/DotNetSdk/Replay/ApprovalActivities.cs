using Temporalio.Activities;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Replay;

/// <summary>The activity of <see cref="ApprovalWorkflow"/>.</summary>
public static class ApprovalActivities
{
    [Activity]
    public static string PrepareReview(string draftId) => $"review of {draftId} prepared";
}
