using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>
/// Run by the .NET worker: calls the TS activity <c>rejectDraft</c> (a non-retryable ApplicationFailure) on the TS
/// worker's task queue and reports the exception chain the workflow code caught.
/// </summary>
[Workflow]
public sealed class RejectDraftViaTypeScriptWorkflow
{
    [WorkflowRun]
    public async Task<ActivityFailureReport> RunAsync(string activityTaskQueue, string errorType, RejectionDetail detail)
    {
        try
        {
            // Retries allowed: a non-retryable failure must stop them at the first attempt.
            await Workflow.ExecuteActivityAsync(
                "rejectDraft",
                [errorType, "the draft breaks a rule", detail],
                new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30), TaskQueue = activityTaskQueue });
            throw new InvalidOperationException("rejectDraft returned instead of failing");
        }
        catch (ActivityFailureException failure)
        {
            var application = failure.InnerException as ApplicationFailureException;
            return new ActivityFailureReport(
                failure.GetType().Name,
                failure.ActivityType,
                failure.RetryState.ToString(),
                failure.InnerException?.GetType().Name,
                application?.ErrorType,
                application?.Message,
                application?.NonRetryable ?? false,
                application is { Details.Count: > 0 } ? application.Details.ElementAt<RejectionDetail>(0) : null,
                application?.InnerException switch
                {
                    null => null,
                    ApplicationFailureException root => $"{root.GetType().Name} {root.ErrorType}: {root.Message}",
                    var root => $"{root.GetType().Name}: {root.Message}",
                });
        }
    }
}
