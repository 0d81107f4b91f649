using Temporalio.Activities;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;

/// <summary>Pipeline stages with the failures the UI must show: a flaky draft and a quality gate that fails for good.</summary>
public sealed class PipelineStageActivities
{
    public const string GateFailure = "Brand tone check failed";
    public const string GateCause = "Readability score 31 is below the brand minimum 60";

    /// <summary>Fails its first two attempts (a flaky LLM endpoint), then returns a draft id.</summary>
    [Activity]
    public Task<string> DraftContentAsync(string title)
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        return attempt < 3
            ? throw new ApplicationFailureException($"LLM endpoint timed out (attempt {attempt})", errorType: "TransientLlmError")
            : Task.FromResult($"draft-{title.Length}");
    }

    /// <summary>Fails without retry, with the reason as the failure's cause.</summary>
    [Activity]
    public Task CheckBrandToneAsync(string draftId) =>
        throw new ApplicationFailureException(
            GateFailure,
            new ApplicationFailureException(GateCause, errorType: "ReadabilityTooLow"),
            errorType: "QualityGateFailed",
            nonRetryable: true);

    [Activity]
    public Task<string> PublishAsync(string draftId) => Task.FromResult($"https://blog.example/{draftId}");
}
