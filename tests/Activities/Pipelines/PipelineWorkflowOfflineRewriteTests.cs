using ContentFlows.Activities.Content;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>The offline generator's rewrite on findings in the short fields and the marketing variants, which must stay written (issue 4).</summary>
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

    [Fact]
    public async Task RunAsync_GenerateWithVariants_GatesFlagTheFlawedVariantRewriteFixesItAndPublishesThemBesideThePage()
    {
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "variants",
            [
                StageDefinition.Create("generate", new { targetWords = 200, variants = new Dictionary<string, int> { ["email-subject"] = 1, ["headline"] = 2, ["social-post"] = 1 } }),
                StageDefinition.Create("quality-gates", new { }),
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

        // Stored as the config asks, kinds in their fixed order; the flawed first draft's last variant fails the gates by name.
        var draft = stored[0].Fields.Variants;
        Assert.Equal(["headline", "headline", "social-post", "email-subject"], draft.Select(v => v.Kind));
        Assert.Equal("Acme Mesh Router: the world-class pick that cuts costs by 87%", draft[3].Text);
        var first = Assert.IsType<QualityGateReport>(stored[0].GateReport);
        Assert.Equal([("forbidden-phrase", "world-class"), ("invented-number", "87%")], first.Issues.Where(i => i.Field == "variants[3]").Select(i => (i.Code, i.Evidence)));
        Assert.DoesNotContain(first.Issues, i => i.Field is "variants[0]" or "variants[1]" or "variants[2]");

        // The rewrite keeps the clean variants as they were and fixes the flawed one; it passes and is what is published.
        var rewritten = stored[1].Fields.Variants;
        Assert.Equal(draft.Take(3), rewritten.Take(3));
        Assert.Equal(new MarketingVariant("email-subject", "Acme Mesh Router: the pick that cuts costs"), rewritten[3]);
        Assert.True(Assert.IsType<QualityGateReport>(stored[1].GateReport).Passed);
        Assert.Equal(rewritten, stored[2].Fields.Variants);

        // Readers' page without them; the content team's page beside it with each variant under its kind.
        var folder = Path.Combine(fixture.PublishDirectory, project.Slug);
        var slug = Slug.From(stored[2].Fields.Title);
        var page = await File.ReadAllTextAsync(Path.Combine(folder, slug + ".html"));
        Assert.DoesNotContain(rewritten[0].Text, page, StringComparison.Ordinal);
        var variantsPage = await File.ReadAllTextAsync(Path.Combine(folder, slug + StaticSitePublisher.VariantsPageSuffix));
        Assert.Contains("<section class=\"variants\" data-kind=\"headline\">\n<h2>headline</h2>\n<ol>\n<li>Acme Mesh Router for busy families <small>(34 characters)</small></li>\n", variantsPage, StringComparison.Ordinal);
        Assert.Contains("<li>Acme Mesh Router: the pick that cuts costs <small>(42 characters)</small></li>", variantsPage, StringComparison.Ordinal);
    }
}
