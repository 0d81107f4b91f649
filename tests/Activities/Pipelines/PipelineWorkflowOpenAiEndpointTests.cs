using System.Text.Json;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Tests.Llm;
using Temporalio.Client;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>The pipeline against a real OpenAI-compatible HTTP server on 127.0.0.1 that misbehaves the ways real ones do.</summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowOpenAiEndpointTests(PipelineEnvironmentFixture fixture) : IAsyncLifetime
{
    private const string ApiKey = "test-key-pipeline";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private FakeOpenAiServer server = null!;

    public async Task InitializeAsync()
    {
        server = await FakeOpenAiServer.StartAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RunAsync_RateLimitMalformedJsonAndTimeout_RetriesRepairsAndRecordsReportedTokens()
    {
        var flawed = Draft("a world-class way");
        var fixedDraft = Draft("a simple way");
        server.Enqueue(
            FakeReply.Error(429, "Rate limit reached for requests.", ("Retry-After", "2")),
            FakeReply.Completion("{\"title\": \"Acme Mesh Router\", \"body\": ", promptTokens: 100, completionTokens: 10),
            FakeReply.Completion(flawed, promptTokens: 150, completionTokens: 80),
            FakeReply.NoAnswer(),
            FakeReply.Completion(fixedDraft, promptTokens: 160, completionTokens: 90));
        var project = await fixture.CreateProjectAsync(new LlmSettings
        {
            Endpoint = server.Endpoint.ToString(),
            RequestTimeoutSeconds = 1,
            DefaultModel = "gpt-test",
            Prices = new Dictionary<string, ModelPrice> { ["gpt-test"] = new(500m, 1500m) },
        });
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, LlmSettings.DefaultApiKeySecret, ApiKey, new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), CancellationToken.None);
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 600 });
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");

        await WaitForApprovalAsync(handle);
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Approve, "dana@acme.test")));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal([1, 2, 3], result.Versions);

        // Five HTTP calls: 429, malformed, repair, no answer, rewrite; all JSON mode, the project's model and key.
        var requests = server.Requests;
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r => Assert.Equal(("gpt-test", "json_object", "Bearer " + ApiKey), (r.Model, r.ResponseFormatType, r.Authorization)));

        // Retry-After (2 s) was waited out: the retry policy alone would have retried after 1 s.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1.9), $"retried after {requests[1].ReceivedAt - requests[0].ReceivedAt}");

        // The repair sent the malformed reply back with the parse error.
        Assert.Equal(("assistant", "{\"title\": \"Acme Mesh Router\", \"body\": "), requests[2].Messages[^2]);
        Assert.StartsWith("Your previous reply could not be used", requests[2].Messages[^1].Content, StringComparison.Ordinal);

        // Cost rows: exactly the calls that returned, with the tokens the server reported.
        var calls = await fixture.Services.GetRequiredService<LlmCallStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal(
            [("generate", 100, 10), ("generate", 150, 80), ("rewrite", 160, 90)],
            calls.Select(c => (c.Stage, c.PromptTokens, c.CompletionTokens)));
        Assert.All(calls, call =>
        {
            Assert.Equal("fake-model-2026-01-01", call.Model);
            Assert.Equal((call.PromptTokens * 0.5m / 1000m) + (call.CompletionTokens * 1.5m / 1000m), call.Cost);
        });

        // The gates saw the repaired first draft fail and the rewrite pass.
        var versions = await fixture.Services.GetRequiredService<ContentVersionStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated, ContentVersionKind.Rewritten, ContentVersionKind.Published], versions.Select(v => v.Kind));
        Assert.Contains(versions[0].GateReport!.Issues, i => i.Code == "forbidden-phrase");
        Assert.True(versions[1].GateReport!.Passed);

        // The history shows the retries: attempt 2 of generate (after a rate limit) and of rewrite (after a timeout).
        var history = await handle.FetchHistoryAsync();
        var stageBySchedule = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled
                && e.ActivityTaskScheduledEventAttributes.ActivityType.Name is not PipelineActivityNames.RecordApproval and not PipelineActivityNames.UpdateRunState and not NotificationActivityNames.Send)
            .ToDictionary(e => e.EventId, e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name);
        var attempts = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskStarted && stageBySchedule.ContainsKey(e.ActivityTaskStartedEventAttributes.ScheduledEventId))
            .Select(e => (Stage: stageBySchedule[e.ActivityTaskStartedEventAttributes.ScheduledEventId], e.ActivityTaskStartedEventAttributes.Attempt, LastFailure: e.ActivityTaskStartedEventAttributes.LastFailure?.ApplicationFailureInfo?.Type))
            .ToList();
        Assert.Equal(
            [("generate", 2, LlmErrorTypes.RateLimited), ("quality-gates", 1, null), ("rewrite", 2, LlmErrorTypes.Timeout), ("quality-gates", 1, null), ("publish", 1, null)],
            attempts);
    }

    // Passes every gate of the fixture's project and brief unless the filler brings a banned phrase.
    private static string Draft(string filler) => JsonSerializer.Serialize(new ContentFields(
        "Acme Mesh Router: mesh wifi for busy families",
        "Learn what the Acme Mesh Router offers busy families: coverage, devices and a quick setup.",
        "Acme Mesh Router",
        $"The Acme Mesh Router is {filler} to bring mesh wifi to your whole home network: it covers 120 square metres and connects up to 64 devices.\n\n" +
        "Made in Berlin. Set it up in minutes with the app and forget about dead zones in the kitchen, the garden and the kids' rooms.",
        "Order the Acme Mesh Router today"));

    private static async Task WaitForApprovalAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!(await handle.QueryAsync(wf => wf.Status)).AwaitingApproval)
        {
            // Polling the query is the only way to observe the workflow from outside; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
