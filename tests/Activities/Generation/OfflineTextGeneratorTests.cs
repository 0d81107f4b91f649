using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Tests.Generation;

public sealed class OfflineTextGeneratorTests
{
    private static readonly ContentBrief Brief = new("Acme Mesh Router", "busy families", "product-page", "en", ["mesh wifi"], "It covers 120 square metres.");

    [Fact]
    public async Task GenerateAsync_FlawsRequested_FirstDraftCarriesBannedPhraseAndInventedNumber()
    {
        var draft = await GenerateAsync(new DraftTask(DraftTask.Generate, Brief, "Plain.", ["world-class"], [], 200), injectFlaws: true);

        Assert.Contains("world-class", draft.Body, StringComparison.Ordinal);
        Assert.Contains("87%", draft.Body, StringComparison.Ordinal);
        Assert.Contains(OfflineTextGenerator.OfflineNotice, draft.Body, StringComparison.Ordinal);
        Assert.Contains("120", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_RewriteWithFindings_RemovesTheOffendingSentencesOnly()
    {
        var flawed = await GenerateAsync(new DraftTask(DraftTask.Generate, Brief, "Plain.", ["world-class"], [], 200), injectFlaws: true);
        QualityIssue[] issues =
        [
            new("forbidden-phrase", IssueSeverity.Error, "body", "m", "f", "world-class"),
            new("invented-number", IssueSeverity.Error, "body", "m", "f", "87%"),
        ];

        var rewritten = await GenerateAsync(new DraftTask(DraftTask.Rewrite, Brief, "Plain.", ["world-class"], [], 200, flawed, issues), injectFlaws: true);

        Assert.DoesNotContain("world-class", rewritten.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("87%", rewritten.Body, StringComparison.Ordinal);
        Assert.Contains("It covers 120 square metres.", rewritten.Body, StringComparison.Ordinal);
        Assert.Equal(flawed.Title, rewritten.Title);
    }

    private static async Task<ContentFields> GenerateAsync(DraftTask task, bool injectFlaws)
    {
        var generator = new OfflineTextGenerator(new OfflineTextGeneratorOptions { InjectFlawsIntoFirstDrafts = injectFlaws });
        var result = await generator.GenerateAsync(new GenerationRequest(DraftPrompt.Build(task), "offline", 0, JsonMode: true), CancellationToken.None);
        Assert.Equal(OfflineTextGenerator.ModelName, result.Model);
        return DraftReply.Parse(result.Text);
    }
}
