using ContentFlows.Activities.Content;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Pipelines;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>The static site at catalogue scale: unique slugs per run, a bounded index and archive chunks.</summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class StaticSitePublisherTests(PipelineEnvironmentFixture fixture)
{
    [Fact]
    public async Task PublishAsync_SameTitleFromTwoRuns_TwoPagesAndTheFirstRunsRepublishKeepsItsSlug()
    {
        var project = await fixture.CreateProjectAsync();
        var first = await CreateRunWithVersionAsync(project, "Acme Kettle");
        var second = await CreateRunWithVersionAsync(project, "Acme Kettle");

        var one = await Publisher.PublishAsync(project, first.RunId, first.Version, $"test:{first.RunId}:1", language: null, CancellationToken.None);
        var two = await Publisher.PublishAsync(project, second.RunId, second.Version, $"test:{second.RunId}:1", language: null, CancellationToken.None);
        var again = await Publisher.PublishAsync(project, first.RunId, first.Version, $"test:{first.RunId}:2", language: null, CancellationToken.None);

        Assert.Equal(("acme-kettle", "acme-kettle-2", "acme-kettle"), (one.Slug, two.Slug, again.Slug));
        var folder = Path.Combine(fixture.PublishDirectory, project.Slug);
        Assert.True(File.Exists(Path.Combine(folder, "acme-kettle.html")));
        Assert.True(File.Exists(Path.Combine(folder, "acme-kettle-2.html")));
        var index = await File.ReadAllTextAsync(Path.Combine(folder, "index.html"));
        Assert.Equal(2, CountLinks(index));
        Assert.DoesNotContain("index-archive-", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_MorePagesThanTheIndexHolds_IndexListsNewestAndArchiveHoldsEveryPage()
    {
        var project = await fixture.CreateProjectAsync();
        var pages = StaticSitePublisher.IndexPageCount + 5;
        for (var i = 1; i <= pages; i++)
        {
            var run = await CreateRunWithVersionAsync(project, $"Acme Kettle {i:D3}");
            await Publisher.PublishAsync(project, run.RunId, run.Version, $"test:{run.RunId}", language: null, CancellationToken.None);
        }

        var folder = Path.Combine(fixture.PublishDirectory, project.Slug);
        var index = await File.ReadAllTextAsync(Path.Combine(folder, "index.html"));
        Assert.Equal(StaticSitePublisher.IndexPageCount + 1, CountLinks(index));
        Assert.Contains($"<a href=\"acme-kettle-{pages:D3}.html\">", index, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"acme-kettle-001.html\">", index, StringComparison.Ordinal);
        Assert.Contains("<a href=\"index-archive-1.html\">", index, StringComparison.Ordinal);

        var archive = await File.ReadAllTextAsync(Path.Combine(folder, "index-archive-1.html"));
        Assert.Equal(pages + 1, CountLinks(archive));
        Assert.True(
            archive.IndexOf("acme-kettle-001.html", StringComparison.Ordinal) < archive.IndexOf($"acme-kettle-{pages:D3}.html", StringComparison.Ordinal),
            "The archive lists pages in the order they first appeared.");
    }

    [Fact]
    public async Task PublishAsync_LegacySlugCollapsingToAnotherProjectsFolder_WritesIntoAFolderOfItsOwn()
    {
        var victim = await fixture.CreateProjectAsync();

        // Stored before slugs had to be their own folder name: "acme-1a2b3c4d-" made URL-safe is the victim's "acme-1a2b3c4d".
        var legacy = victim with { Id = Guid.NewGuid(), Name = "Mallory", Slug = victim.Slug + "-" };
        await fixture.Services.GetRequiredService<ProjectStore>().CreateAsync(legacy, CancellationToken.None);
        var victimRun = await CreateRunWithVersionAsync(victim, "Acme Kettle");
        var legacyRun = await CreateRunWithVersionAsync(legacy, "Mallory Offer");

        await Publisher.PublishAsync(victim, victimRun.RunId, victimRun.Version, $"test:{victimRun.RunId}", language: null, CancellationToken.None);
        var published = await Publisher.PublishAsync(legacy, legacyRun.RunId, legacyRun.Version, $"test:{legacyRun.RunId}", language: null, CancellationToken.None);

        // Its folder is the slug made URL-safe plus its project id; the victim's index still lists the victim's page only.
        var legacyFolder = $"{victim.Slug}-{legacy.Id:N}";
        Assert.Equal(victim.Slug, StaticSitePublisher.SiteFolder(victim));
        Assert.Equal(legacyFolder, StaticSitePublisher.SiteFolder(legacy));
        Assert.Equal($"{legacyFolder}/mallory-offer.html", published.Location);
        Assert.True(File.Exists(Path.Combine(fixture.PublishDirectory, legacyFolder, "mallory-offer.html")));
        Assert.False(File.Exists(Path.Combine(fixture.PublishDirectory, victim.Slug, "mallory-offer.html")));
        var victimIndex = await File.ReadAllTextAsync(Path.Combine(fixture.PublishDirectory, victim.Slug, "index.html"));
        Assert.Equal(1, CountLinks(victimIndex));
        Assert.Contains("<a href=\"acme-kettle.html\">", victimIndex, StringComparison.Ordinal);
    }

    private StaticSitePublisher Publisher => fixture.Services.GetRequiredService<StaticSitePublisher>();

    private static int CountLinks(string html) => html.Split("<a href=").Length - 1;

    private async Task<(Guid RunId, int Version)> CreateRunWithVersionAsync(Project project, string title)
    {
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "static-site",
            [StageDefinition.Create("generate", new { }), StageDefinition.Create("publish", new { channel = "static-files" })],
            CancellationToken.None);
        var runId = Guid.CreateVersion7();
        await fixture.Services.GetRequiredService<PipelineRunStore>().CreateAsync(
            new PipelineRun(runId, project.Id, definition.DefinitionId, definition.Version, $"pipeline-{runId:N}", PipelineEnvironmentFixture.Brief(), PipelineRunState.Running, null, null),
            CancellationToken.None);
        var fields = new ContentFields(title, $"{title}: boils a litre in three minutes.", title, $"The {title} boils a litre in three minutes.", "Order today");
        var version = await fixture.Services.GetRequiredService<ContentVersionStore>().AddAsync(runId, ContentVersionKind.Generated, fields, "test", CancellationToken.None);
        return (runId, version);
    }
}
