using ContentFlows.Activities.Content;
using ContentFlows.Activities.Costs;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Research;
using Temporalio.Client;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>research → extract → generate → gates → rewrite → approval → translate → gates → publish, on the offline generator.</summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowResearchTests(PipelineEnvironmentFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private SourcePageServer pages = null!;

    public async Task InitializeAsync() => pages = await SourcePageServer.StartAsync(
        "<html><head><title>Datasheet</title><style>p { color: red; }</style></head>" +
        "<body><h1>Acme Mesh Router datasheet</h1><p>Battery backup lasts 6 hours.</p><script>var tracking = 99;</script></body></html>");

    public async Task DisposeAsync() => await pages.DisposeAsync();

    [Fact]
    public async Task RunAsync_SourcesWithOneUnreachable_ResearchesExtractsTranslatesAndPublishesWithDegradedScore()
    {
        await File.WriteAllTextAsync(Path.Combine(fixture.SourceDirectory, "weights.txt"), "The router weighs 450 g.");
        var unreachable = SourcePageServer.UnreachableUrl();
        var brief = PipelineEnvironmentFixture.Brief() with
        {
            Sources =
            [
                new BriefSource(BriefSourceKind.Text, "Setup takes 10 minutes with the Acme app.", "Support notes"),
                new BriefSource(BriefSourceKind.File, "weights.txt"),
                new BriefSource(BriefSourceKind.Url, pages.PageUrl.ToString(), "Datasheet"),
                new BriefSource(BriefSourceKind.Url, unreachable.ToString(), "Old press page"),
            ],
        };
        var project = await fixture.CreateProjectAsync(requireApproval: true);
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "researched-landing-page",
            [
                StageDefinition.Create("research", new { fetchTimeoutSeconds = 5 }),
                StageDefinition.Create("extract"),
                StageDefinition.Create("generate"),
                StageDefinition.Create("quality-gates"),
                StageDefinition.Create("rewrite"),
                StageDefinition.Create("approval", new { timeoutSeconds = 600 }),
                StageDefinition.Create("translate", new { language = "de" }),
                StageDefinition.Create("quality-gates"),
                StageDefinition.Create("publish"),
            ],
            CancellationToken.None);
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, brief, fixture.TaskQueue, CancellationToken.None);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");

        await WaitForApprovalAsync(handle);
        await handle.SignalAsync(wf => wf.ApproveAsync(new ApprovalDecision(ApprovalDecisionKind.Approve, "dana@acme.test")));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal([1, 2, 3, 4], result.Versions);

        // The source index: three read, the unreachable one recorded as a degradation with a lower research score.
        var research = Assert.IsType<ResearchBrief>(await fixture.Services.GetRequiredService<ResearchStore>().FindLatestAsync(runId, CancellationToken.None));
        Assert.Equal(
            [("S1", BriefSourceKind.Text, true), ("S2", BriefSourceKind.File, true), ("S3", BriefSourceKind.Url, true), ("S4", BriefSourceKind.Url, false)],
            research.Sources.Select(s => (s.Marker, s.Kind, s.Read)));
        Assert.Equal(75, research.Score);
        var warning = Assert.Single(research.Warnings);
        Assert.Contains("S4 (Old press page)", warning, StringComparison.Ordinal);
        Assert.Contains(unreachable.ToString(), warning, StringComparison.Ordinal);
        Assert.Contains("[S3] Datasheet\nAcme Mesh Router datasheet\nBattery backup lasts 6 hours.", research.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking", research.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", research.Text, StringComparison.Ordinal);

        // The extracted facts quote the sources' figures.
        var facts = Assert.IsType<ExtractedFacts>(await fixture.Services.GetRequiredService<ExtractionStore>().FindLatestAsync(runId, CancellationToken.None));
        Assert.Contains(facts.Specs, s => s.Value == "The router weighs 450 g.");
        Assert.Equal(["busy families"], facts.Audience);

        // Versions: the draft states the researched figures; the degraded research costs 8 points on every gate.
        var versions = await fixture.Services.GetRequiredService<ContentVersionStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated, ContentVersionKind.Rewritten, ContentVersionKind.Translated, ContentVersionKind.Published], versions.Select(v => v.Kind));
        Assert.Contains(versions[0].GateReport!.Issues, i => i.Code == "invented-number");
        var rewritten = versions[1];
        Assert.Equal((true, 92), (rewritten.GateReport!.Passed, rewritten.GateReport.Score));
        Assert.Equal("source-unreachable", Assert.Single(rewritten.GateReport.Issues).Code);
        foreach (var figure in new[] { "120", "64", "10 minutes", "450 g", "6 hours" })
        {
            Assert.Contains(figure, rewritten.Fields.Body, StringComparison.Ordinal);
        }

        var translated = versions[2];
        Assert.Equal(("de", 2), (translated.Language, translated.DerivedFrom));
        Assert.StartsWith("(Offline generator: no translation into de was made", translated.Fields.Body, StringComparison.Ordinal);
        Assert.True(translated.GateReport!.Passed);
        Assert.DoesNotContain(translated.GateReport.Issues, i => i.Code == "translation-number-lost");
        Assert.Equal(translated.Fields, versions[3].Fields);

        var calls = await fixture.Services.GetRequiredService<LlmCallStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal(["extract", "generate", "rewrite", "translate"], calls.Select(c => c.Stage));
    }

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
