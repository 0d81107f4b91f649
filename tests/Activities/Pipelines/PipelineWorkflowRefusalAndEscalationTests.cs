using ContentFlows.Activities.Approvals;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>Runs that stop for a person instead of failing or waiting forever: a refused LLM request, an escalation nobody answers.</summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowRefusalAndEscalationTests(PipelineEnvironmentFixture fixture) : IAsyncLifetime
{
    private const string ApiKey = "test-key-refusal";
    private const string ProviderMessage = "Your request was rejected as a result of our safety system.";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private FakeOpenAiServer server = null!;

    public async Task InitializeAsync() => server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RunAsync_ProviderRefusesRewrite_WaitsInReviewNamingStageAndProviderMessageThenApprovedAndPublished()
    {
        server.Enqueue(
            FakeReply.Completion(Draft("a world-class way"), promptTokens: 150, completionTokens: 80),
            FakeReply.Error(400, ProviderMessage));
        var project = await fixture.CreateProjectAsync(new LlmSettings { Endpoint = server.Endpoint.ToString(), DefaultModel = "gpt-test" });
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, LlmSettings.DefaultApiKeySecret, ApiKey, new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), CancellationToken.None);
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 600 });
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");
        var runs = fixture.Services.GetRequiredService<PipelineRunStore>();

        // Not a failed workflow and not a dead end: the run waits for a reviewer, naming the stage and the provider's words.
        var review = await WaitForStatusAsync(handle, s => s.AwaitingApproval && s.State == PipelineRunState.NeedsReview);
        Assert.Equal((1, 2, "review"), (review.ReviewRound, review.CurrentStageIndex, review.CurrentStage));
        var run = await WaitForRowAsync(runs, runId, r => r.State == PipelineRunState.NeedsReview);
        Assert.Contains("The rewrite stage (index 2) was refused by the LLM provider", run.StateReason, StringComparison.Ordinal);
        Assert.Contains("HTTP 400: " + ProviderMessage, run.StateReason, StringComparison.Ordinal);

        // Approved from review, the run goes on after the refused stage: its approval stage, then publishing.
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Approve, "rita@acme.test", null, null)));
        await WaitForStatusAsync(handle, s => s.AwaitingApproval && s.CurrentStage == "approval");
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Approve, "rita@acme.test", null, null)));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);
        Assert.Equal(PipelineRunState.Published, result.State);
        var approvals = await fixture.Services.GetRequiredService<ApprovalStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal(2, approvals.Count);

        // Refused once, never retried: two requests in all, one cost row (the refusal returned nothing to pay for).
        Assert.Equal(2, server.Requests.Count);
        var call = Assert.Single(await fixture.Services.GetRequiredService<LlmCallStore>().ListAsync(runId, CancellationToken.None));
        Assert.Equal("generate", call.Stage);

        // The history: the rewrite activity failed non-retryably, the patch markers recorded, the workflow completed.
        var history = await handle.FetchHistoryAsync();
        var failed = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskFailed);
        Assert.Equal("LlmRequestRejected", failed.ActivityTaskFailedEventAttributes.Failure.ApplicationFailureInfo.Type);
        Assert.True(history.Events.Count(e => e.EventType == EventType.MarkerRecorded) >= 2);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);

        PipelineHistoryRecorder.Record("pipeline-llm-refused-review-approved.json", history.ToJson());
    }

    private static async Task<PipelineStatus> WaitForStatusAsync(Temporalio.Client.WorkflowHandle<PipelineWorkflow, PipelineResult> handle, Func<PipelineStatus, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var status = await handle.QueryAsync(wf => wf.Status);
            if (condition(status))
            {
                return status;
            }

            // Queries are the only way to watch the workflow from outside; the deadline bounds the wait.
            await poll.WaitForNextTickAsync(deadline.Token);
        }
    }

    private static async Task<PipelineRun> WaitForRowAsync(PipelineRunStore runs, Guid runId, Func<PipelineRun, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var run = await runs.GetAsync(runId, deadline.Token);
            if (condition(run))
            {
                return run;
            }

            // The row is written by an activity just after the workflow starts waiting.
            await poll.WaitForNextTickAsync(deadline.Token);
        }
    }

    [Fact]
    public async Task RunAsync_EscalatedApprovalUnansweredPastEscalationTimeout_EndsRejected()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 1, onTimeout = "escalate", escalationTimeoutSeconds = 1 });
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);

        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Rejected, result.State);
        Assert.Contains("of the escalation; the definition auto-rejects", result.Reason, StringComparison.Ordinal);
        var approval = Assert.Single(await fixture.Services.GetRequiredService<ApprovalStore>().ListAsync(Guid.ParseExact(handle.Id["pipeline-".Length..], "N"), CancellationToken.None));
        Assert.Equal(("system:escalation-timeout", ApprovalDecisionKind.Reject), (approval.Reviewer, approval.Decision));
    }

    [Fact]
    public async Task AddVersionAsync_EscalationTimeoutWithoutEscalation_RefusedWithTheProblem()
    {
        var project = await fixture.CreateProjectAsync();

        var error = await Assert.ThrowsAsync<PipelineDefinitionRejectedException>(() => fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 60, onTimeout = "auto-reject", escalationTimeoutSeconds = 0 }));

        Assert.Contains(error.Problems, p => p.Contains("escalationTimeoutSeconds must be positive (was 0)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("escalationTimeoutSeconds needs a timeoutSeconds and an onTimeout that escalates", StringComparison.Ordinal));
    }

    private static string Draft(string filler) => System.Text.Json.JsonSerializer.Serialize(new ContentFields(
        "Acme Mesh Router: mesh wifi for busy families",
        "Learn what the Acme Mesh Router offers busy families: coverage, devices and a quick setup.",
        "Acme Mesh Router",
        $"The Acme Mesh Router is {filler} to bring mesh wifi to your whole home network: it covers 120 square metres and connects up to 64 devices.\n\n" +
        "Made in Berlin. Set it up in minutes with the app and forget about dead zones in the kitchen, the garden and the kids' rooms.",
        "Order the Acme Mesh Router today"));
}
