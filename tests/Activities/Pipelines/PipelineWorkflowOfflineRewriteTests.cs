using ContentFlows.Activities.Content;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>The offline generator's rewrite on findings in the short fields, which must stay written (issue 4).</summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PipelineWorkflowOfflineRewriteTests(PipelineEnvironmentFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_GateForbiddenPhrasesInMetaDescriptionAndTitle_RewriteKeepsBothAndPublishes()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "meta-phrase",
            [
                StageDefinition.Create("generate", new { targetWords = 200 }),
                StageDefinition.Create("quality-gates", new { forbiddenPhrases = new[] { "in one short read", "busy families" }, judges = new[] { "brand-voice" } }),
                StageDefinition.Create("rewrite", new { maxRounds = 2 }),
                StageDefinition.Create("publish", new { channel = "static-files" }),
            ],
            CancellationToken.None);
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(project.Id, definition.DefinitionId, definition.Version, PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);
        var runId = Guid.ParseExact(handle.Id["pipeline-".Length..], "N");

        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal((PipelineRunState.Published, null), (result.State, result.Reason));
        var stored = await fixture.Services.GetRequiredService<ContentVersionStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated, ContentVersionKind.Rewritten, ContentVersionKind.Published], stored.Select(v => v.Kind));

        // The first draft breaks the gates' phrases in the title and the meta description (and the brand's in the body).
        var first = Assert.IsType<QualityGateReport>(stored[0].GateReport);
        Assert.Contains(first.Issues, i => (i.Code, i.Field, i.Evidence) == ("forbidden-phrase", "metaDescription", "in one short read"));
        Assert.Contains(first.Issues, i => (i.Code, i.Field, i.Evidence) == ("forbidden-phrase", "title", "busy families"));

        // One rewrite fixes them without blanking a field, and the rewritten version passes clean.
        var rewritten = stored[1].Fields;
        Assert.Equal("Acme Mesh Router: mesh wifi", rewritten.Title);
        Assert.Equal("Learn what Acme Mesh Router offers: the facts, the benefits and the next step.", rewritten.MetaDescription);
        Assert.Equal((stored[0].Fields.H1, stored[0].Fields.Cta), (rewritten.H1, rewritten.Cta));
        var second = Assert.IsType<QualityGateReport>(stored[1].GateReport);
        Assert.True(second.Passed);
        Assert.Empty(second.Issues);

        var page = await File.ReadAllTextAsync(Path.Combine(fixture.PublishDirectory, project.Slug, "acme-mesh-router-mesh-wifi.html"));
        Assert.Contains("<meta name=\"description\" content=\"Learn what Acme Mesh Router offers: the facts, the benefits and the next step.\">", page, StringComparison.Ordinal);
        var run = await fixture.Services.GetRequiredService<PipelineRunStore>().GetAsync(runId, CancellationToken.None);
        Assert.Equal(PipelineRunState.Published, run.State);
    }
}
