using System.Text.Json;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>
/// Prompt overrides (run over project over default) and the LLM judges, against a real OpenAI-compatible HTTP server on
/// 127.0.0.1: what the server received is what the run and the project asked for.
/// </summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowPromptsAndJudgesTests(PipelineEnvironmentFixture fixture) : IAsyncLifetime
{
    private const string ApiKey = "test-key-prompts";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private FakeOpenAiServer server = null!;

    public async Task InitializeAsync() => server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RunAsync_RunAndProjectPromptOverridesAndJudges_ServerGetsOverriddenPromptsAndJudgmentsMerge()
    {
        server.Enqueue(
            FakeReply.Completion(Draft(), promptTokens: 200, completionTokens: 120),
            FakeReply.Completion("{\"score\": \"high\", \"issues\": []}", promptTokens: 90, completionTokens: 12),
            FakeReply.Completion(
                "{\"score\": 85, \"issues\": [{\"severity\": \"warning\", \"field\": \"body\", \"message\": \"Stiff in places.\", \"fixSuggestion\": \"Use shorter sentences.\", \"evidence\": \"bring mesh wifi\"}]}",
                promptTokens: 110,
                completionTokens: 40),
            FakeReply.Completion("{\"score\": 96, \"issues\": []}", promptTokens: 95, completionTokens: 10));
        var project = await fixture.CreateProjectAsync(new LlmSettings
        {
            Endpoint = server.Endpoint.ToString(),
            DefaultModel = "gpt-test",
            Prices = new Dictionary<string, ModelPrice> { ["gpt-test"] = new(500m, 1500m) },
            Prompts = new Dictionary<string, PromptOverride>
            {
                ["generate"] = new("PROJECT generate system: write like Acme's catalogue.", "PROJECT generate user: draft the product page."),
                ["quality-gates.brand-voice"] = new(System: "PROJECT brand-voice judge: you know Acme's voice; answer in JSON."),
            },
        });
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, LlmSettings.DefaultApiKeySecret, ApiKey, new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), CancellationToken.None);
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "judged-draft",
            [
                StageDefinition.Create("generate"),
                StageDefinition.Create("quality-gates", new { judges = new[] { "brand-voice", "factuality" } }),
            ],
            CancellationToken.None);
        var brief = PipelineEnvironmentFixture.Brief() with
        {
            Prompts = new Dictionary<string, PromptOverride> { ["generate"] = new(User: "RUN generate user: a launch-day page, please.") },
        };
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, brief, fixture.TaskQueue, CancellationToken.None);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");

        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Completed, result.State);
        var requests = server.Requests;
        Assert.Equal(4, requests.Count);

        // generate: the project's system text, the run's user text (the run wins), then the task as fenced JSON without the overrides.
        Assert.Equal(("system", "PROJECT generate system: write like Acme's catalogue."), requests[0].Messages[0]);
        Assert.Equal("user", requests[0].Messages[1].Role);
        Assert.StartsWith("RUN generate user: a launch-day page, please.\n\n```json\n", requests[0].Messages[1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("PROJECT generate user", requests[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"prompts\":{", requests[0].Messages[1].Content, StringComparison.Ordinal);

        // brand-voice: the project's system text and the default user text; the malformed reply was sent back for repair.
        Assert.Equal(("system", "PROJECT brand-voice judge: you know Acme's voice; answer in JSON."), requests[1].Messages[0]);
        Assert.StartsWith(LlmQualityJudges.DefaultUser, requests[1].Messages[1].Content, StringComparison.Ordinal);
        Assert.Contains("\"judge\":\"brand-voice\"", requests[1].Messages[1].Content, StringComparison.Ordinal);
        Assert.Equal(("assistant", "{\"score\": \"high\", \"issues\": []}"), requests[2].Messages[^2]);
        Assert.StartsWith("Your previous reply could not be used", requests[2].Messages[^1].Content, StringComparison.Ordinal);

        // factuality: no override anywhere, so the defaults.
        Assert.Equal(("system", LlmQualityJudges.FactualitySystem), requests[3].Messages[0]);
        Assert.Contains("\"judge\":\"factuality\"", requests[3].Messages[1].Content, StringComparison.Ordinal);

        // The judgments merged into the stored report: the judge's issue (92 by issues), its score 85 as the ceiling, a pass at 80.
        var version = Assert.Single(await fixture.Services.GetRequiredService<ContentVersionStore>().ListAsync(runId, CancellationToken.None));
        var report = Assert.IsType<QualityGateReport>(version.GateReport);
        Assert.Equal([("brand-voice", 85), ("factuality", 96)], report.Judgments!.Select(j => (j.Judge, j.Score)));
        var issue = Assert.Single(report.Issues);
        Assert.Equal(("brand-voice", IssueSeverity.Warning, "Use shorter sentences.", "bring mesh wifi"), (issue.Code, issue.Severity, issue.FixSuggestion, issue.Evidence));
        Assert.Equal((85, true), (report.Score, report.Passed));

        // Every call metered, the judges' (repair included) under quality-gates.
        var calls = await fixture.Services.GetRequiredService<LlmCallStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal(
            [("generate", 200, 120), ("quality-gates", 90, 12), ("quality-gates", 110, 40), ("quality-gates", 95, 10)],
            calls.Select(c => (c.Stage, c.PromptTokens, c.CompletionTokens)));
    }

    [Fact]
    public async Task CreateAsync_UnknownPromptKeyAndBlankText_RefusedNamingBoth()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.CreateProjectAsync(new LlmSettings
        {
            Prompts = new Dictionary<string, PromptOverride>
            {
                ["summarize"] = new("Summarize."),
                ["rewrite"] = new(User: " "),
            },
        }));

        Assert.Contains("llm.prompts has an unknown key \"summarize\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("llm.prompts.rewrite must not set a blank system or user text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVersionAsync_UnknownDuplicateJudgesAndBadAudience_RefusedListingEveryProblem()
    {
        var project = await fixture.CreateProjectAsync();

        var error = await Assert.ThrowsAsync<PipelineDefinitionRejectedException>(() => fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "bad-judges",
            [
                StageDefinition.Create("audience", new { maxPersonas = 0 }),
                StageDefinition.Create("generate"),
                StageDefinition.Create("quality-gates", new { judges = new[] { "tone-police", "factuality", "factuality" } }),
            ],
            CancellationToken.None));

        Assert.Equal(
            [
                "Stage 0 (audience): maxPersonas must be within 1..10 (was 0).",
                "Stage 2 (quality-gates): judges has an unknown judge \"tone-police\"; known: brand-voice, factuality.",
                "Stage 2 (quality-gates): judges must not name a judge twice.",
            ],
            error.Problems);
    }

    [Fact]
    public async Task StartAsync_BriefWithUnknownPromptKey_RefusedBeforeAnyRunStarts()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id, new { timeoutSeconds = 600 });
        var brief = PipelineEnvironmentFixture.Brief() with { Prompts = new Dictionary<string, PromptOverride> { ["publish"] = new("Publish loudly.") } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, brief, fixture.TaskQueue, CancellationToken.None));

        Assert.Contains("brief.prompts has an unknown key \"publish\"", error.Message, StringComparison.Ordinal);
    }

    // Passes every deterministic gate of the fixture's project and brief.
    private static string Draft() => JsonSerializer.Serialize(new ContentFields(
        "Acme Mesh Router: mesh wifi for busy families",
        "Learn what the Acme Mesh Router offers busy families: coverage, devices and a quick setup.",
        "Acme Mesh Router",
        "The Acme Mesh Router is a simple way to bring mesh wifi to your whole home network: it covers 120 square metres and connects up to 64 devices.\n\n" +
        "Made in Berlin. Set it up in minutes with the app and forget about dead zones in the kitchen, the garden and the kids' rooms.",
        "Order the Acme Mesh Router today"));
}
