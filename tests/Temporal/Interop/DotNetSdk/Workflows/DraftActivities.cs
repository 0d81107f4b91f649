using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;

/// <summary>.NET activities a TS workflow calls on the .NET worker's task queue.</summary>
public sealed class DraftActivities
{
    /// <summary>Activity "SummarizeDraft": reads a draft the TS workflow sent and returns an object with a list and a nested object.</summary>
    [Activity]
    public Task<DraftSummary> SummarizeDraftAsync(DraftRequest draft) =>
        Task.FromResult(new DraftSummary(
            draft.DraftId, draft.Sections.Sum(s => s.WordCount), [.. draft.Sections.Select(s => s.Heading)], draft.Author));

    /// <summary>Activity "ArchiveDraft": always fails with a non-retryable ApplicationFailure carrying one detail and a plain .NET cause.</summary>
    [Activity]
    public Task ArchiveDraftAsync(string draftId) =>
        throw new ApplicationFailureException(
            $"the archive refused {draftId}",
            new IOException("the archive volume is read-only"),
            "ArchiveClosed",
            nonRetryable: true,
            details: [new RejectionDetail("archive", 0)]);
}
