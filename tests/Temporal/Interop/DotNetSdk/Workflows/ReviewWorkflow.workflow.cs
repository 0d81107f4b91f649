using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>
/// Run by the .NET worker, driven by the TS client: waits for one reviewer decision (a signal with an object),
/// answers a query with an object, and fails with an ApplicationFailure when the decision is a rejection.
/// </summary>
[Workflow]
public sealed class ReviewWorkflow
{
    private ReviewDecision? decision;
    private int decisionCount;

    [WorkflowQuery]
    public ReviewState State => new(Status, decisionCount, decision);

    private string Status => decision switch
    {
        null => "waiting",
        { Approved: true } => "approved",
        _ => "rejected",
    };

    [WorkflowRun]
    public async Task<ReviewOutcome> RunAsync(string draftId)
    {
        await Workflow.WaitConditionAsync(() => decision is not null);
        if (!decision!.Approved)
        {
            throw new ApplicationFailureException(
                $"{draftId} rejected by {decision.Reviewer}", "DraftRejected", nonRetryable: true, details: [decision, decisionCount]);
        }

        return new ReviewOutcome(draftId, Status, decision);
    }

    [WorkflowSignal]
    public Task SubmitDecisionAsync(ReviewDecision submitted)
    {
        decision = submitted;
        decisionCount++;
        return Task.CompletedTask;
    }
}
