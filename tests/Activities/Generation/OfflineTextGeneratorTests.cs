using System.Text.Json;
using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
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

    [Fact]
    public async Task GenerateAsync_RewriteGateForbiddenPhraseInMetaDescription_KeepsTheMetaDescriptionWithoutIt()
    {
        var draft = await GenerateAsync(new DraftTask(DraftTask.Generate, Brief, "Plain.", [], [], 200), injectFlaws: false);
        var gates = new QualityGateStageConfig { ForbiddenPhrases = ["in one short read"] };
        var issues = QualityGateEvaluator.Evaluate(draft, Brief, new BrandProfile(), gates, new QualityThresholds()).Issues;
        Assert.Equal(("forbidden-phrase", "metaDescription"), (Assert.Single(issues).Code, issues[0].Field));

        var rewritten = await GenerateAsync(new DraftTask(DraftTask.Rewrite, Brief, "Plain.", [], [], 200, draft, issues), injectFlaws: false);

        Assert.Equal("Learn what Acme Mesh Router offers busy families: the facts, the benefits and the next step.", rewritten.MetaDescription);
        Assert.Equal(draft with { MetaDescription = rewritten.MetaDescription }, rewritten);
        Assert.Empty(QualityGateEvaluator.Evaluate(rewritten, Brief, new BrandProfile(), gates, new QualityThresholds()).Issues);
    }

    // Each field written so that dropping whole offending sentences would blank it; with nothing left but the phrase,
    // the field is written anew from the brief.
    [Theory]
    [InlineData("title", "World-class mesh wifi for busy families", "Mesh wifi for busy families")]
    [InlineData("title", "World-class", "Acme Mesh Router: mesh wifi for busy families")]
    [InlineData("metaDescription", "A world-class mesh wifi router for busy families, set up in minutes.", "A mesh wifi router for busy families, set up in minutes.")]
    [InlineData("metaDescription", "World-class.", "Learn what Acme Mesh Router offers busy families: the facts, the benefits and the next step, in one short read.")]
    [InlineData("h1", "The world-class Acme Mesh Router", "The Acme Mesh Router")]
    [InlineData("h1", "WORLD-CLASS", "Acme Mesh Router")]
    [InlineData("cta", "Order the world-class router today", "Order the router today")]
    [InlineData("cta", "World-class!", "Get started with Acme Mesh Router today")]
    [InlineData("body", "A world-class router. It covers 120 square metres with mesh wifi.", "It covers 120 square metres with mesh wifi.")]
    [InlineData("body", "World-class mesh wifi: it covers 120 square metres", "Mesh wifi: it covers 120 square metres")]
    public async Task GenerateAsync_RewriteForbiddenPhraseInOneField_RewritesThatFieldOnlyAndKeepsItWritten(string field, string text, string expected)
    {
        var clean = new ContentFields(
            "Acme Mesh Router: mesh wifi for busy families",
            "Learn what the Acme Mesh Router offers busy families: coverage, setup and the next step.",
            "Acme Mesh Router",
            "The Acme Mesh Router brings mesh wifi to every room of a family home. It covers 120 square metres, so the kitchen, the garden and the kids' rooms all get a signal. Setup takes a few minutes with the app.",
            "Order the Acme Mesh Router today");
        var draft = field switch
        {
            "title" => clean with { Title = text },
            "metaDescription" => clean with { MetaDescription = text },
            "h1" => clean with { H1 = text },
            "cta" => clean with { Cta = text },
            _ => clean with { Body = text },
        };
        var brand = new BrandProfile { BannedPhrases = ["world-class"] };
        var issues = QualityGateEvaluator.Evaluate(draft, Brief, brand, new QualityGateStageConfig(), new QualityThresholds()).Issues;
        Assert.Contains(issues, i => (i.Code, i.Field) == ("forbidden-phrase", field));

        var rewritten = await GenerateAsync(new DraftTask(DraftTask.Rewrite, Brief, "Plain.", ["world-class"], [], 200, draft, issues), injectFlaws: false);

        var after = QualityGateEvaluator.Evaluate(rewritten, Brief, brand, new QualityGateStageConfig(), new QualityThresholds()).Issues;
        Assert.DoesNotContain(after, i => i.Severity == IssueSeverity.Error);
        var fields = new Dictionary<string, (string Before, string After)>
        {
            ["title"] = (draft.Title, rewritten.Title),
            ["metaDescription"] = (draft.MetaDescription, rewritten.MetaDescription),
            ["h1"] = (draft.H1, rewritten.H1),
            ["body"] = (draft.Body, rewritten.Body),
            ["cta"] = (draft.Cta, rewritten.Cta),
        };
        Assert.All(fields.Where(f => f.Key != field), f => Assert.Equal(f.Value.Before, f.Value.After));
        Assert.Equal(expected, fields[field].After);
    }

    [Fact]
    public async Task GenerateAsync_RewriteTopicHoldsBannedPhrase_EveryFieldRewrittenWithoutItAndComplete()
    {
        var brief = Brief with { Topic = "Synergy Hub" };
        var brand = new BrandProfile { BannedPhrases = ["synergy"] };
        var draft = await GenerateAsync(new DraftTask(DraftTask.Generate, brief, "Plain.", ["synergy"], [], 200), injectFlaws: true);
        var issues = QualityGateEvaluator.Evaluate(draft, brief, brand, new QualityGateStageConfig(), new QualityThresholds()).Issues;
        Assert.Equal(["title", "metaDescription", "h1", "body", "cta"], issues.Where(i => i.Code == "forbidden-phrase").Select(i => i.Field));

        var rewritten = await GenerateAsync(new DraftTask(DraftTask.Rewrite, brief, "Plain.", ["synergy"], [], 200, draft, issues), injectFlaws: true);

        Assert.Equal(("Hub: mesh wifi for busy families", "Hub", "Get started with Hub today"), (rewritten.Title, rewritten.H1, rewritten.Cta));
        Assert.StartsWith("Learn what Hub offers busy families:", rewritten.MetaDescription, StringComparison.Ordinal);
        Assert.Contains(OfflineTextGenerator.OfflineNotice, rewritten.Body, StringComparison.Ordinal);
        var after = QualityGateEvaluator.Evaluate(rewritten, brief, brand, new QualityGateStageConfig(), new QualityThresholds()).Issues;
        Assert.DoesNotContain(after, i => i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public async Task GenerateAsync_DraftWithResearchAndPersonas_CitesSourcesWritesForPersonasAndFlawsCiteAnUnknownSource()
    {
        var personas = new[] { new AudiencePersona("Busy parent", ["Less time on setup"], [], "Warm.") };
        var task = new DraftTask(DraftTask.Generate, Brief, "Plain.", ["world-class"], [], 200, Research: "[S1] Notes\nSetup takes 10 minutes.\n\n[S2] Specs\nIt weighs 450 g.", Personas: personas);

        var draft = await GenerateAsync(task, injectFlaws: true);

        Assert.Contains("Setup takes 10 minutes [S1]. It weighs 450 g [S2].", draft.Body, StringComparison.Ordinal);
        Assert.Contains("For busy parent: Less time on setup.", draft.Body, StringComparison.Ordinal);
        Assert.Contains("cuts costs by 87% [S99].", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_AudienceTask_SamePersonasEveryTimeFromBriefFactsAndBrand()
    {
        var facts = new ExtractedFacts(["mesh wifi"], ["Covers the whole home"], [], ["busy families", "home workers"]);
        var brandPersona = new AudiencePersona("Gadget fan", ["The latest kit"], ["Price"], "Playful.");
        var task = new AudienceTask(Brief, "Plain, friendly.", [brandPersona], null, facts, MaxPersonas: 2);

        var first = await AskAsync<AudiencePersonas>(task);
        var second = await AskAsync<AudiencePersonas>(task);

        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(second));
        Assert.Equal(["Gadget fan", "Busy families"], first.Personas.Select(p => p.Name));
        Assert.Equal(["Covers the whole home"], first.Personas[1].Needs);
        Assert.StartsWith("Plain, friendly.", first.Personas[1].ToneNotes, StringComparison.Ordinal);
        Assert.Equal(first, AudienceStage.Parse(JsonSerializer.Serialize(first, PipelineJson.Options), 2), new PersonasComparer());
    }

    [Fact]
    public async Task GenerateAsync_JudgeTasksOnFlawedDraft_OffVoiceWarningAndUnsupportedFigureError()
    {
        var flawed = await GenerateAsync(new DraftTask(DraftTask.Generate, Brief, "Plain.", ["world-class"], [], 200), injectFlaws: true);

        var voice = await AskAsync<JudgeReply>(new JudgeTask(QualityJudgeNames.BrandVoice, flawed, Brief, "Plain.", ["world-class"], new Dictionary<string, string>(), null, null, null));
        var facts = await AskAsync<JudgeReply>(new JudgeTask(QualityJudgeNames.Factuality, flawed, Brief, "Plain.", ["world-class"], new Dictionary<string, string>(), null, null, null));

        Assert.Equal(70, voice.Score);
        Assert.Equal((IssueSeverity.Warning, "body", "world-class"), (Assert.Single(voice.Issues).Severity, voice.Issues[0].Field, voice.Issues[0].Evidence));
        Assert.Equal(65, facts.Score);
        Assert.Equal((IssueSeverity.Error, "87%"), (Assert.Single(facts.Issues).Severity, facts.Issues[0].Evidence));
        Assert.Equal(voice, LlmQualityJudges.Parse(JsonSerializer.Serialize(voice, PipelineJson.Options)), new JudgeReplyComparer());
    }

    [Fact]
    public async Task GenerateAsync_FlawedDraftWithVariants_GatesFlagTheLastVariantAndTheRewriteFixesItKeepingTheRest()
    {
        VariantRequest[] wanted = [new(MarketingVariantKinds.Headline, 2), new(MarketingVariantKinds.SocialPost, 1), new(MarketingVariantKinds.EmailSubject, 1)];
        var gates = new QualityGateStageConfig { BodyLength = new LengthBounds(20, 5000) };
        var brand = new BrandProfile { BannedPhrases = ["world-class"] };
        var flawed = await GenerateAsync(new DraftTask(DraftTask.Generate, Brief, "Plain.", ["world-class"], [], 200, Variants: wanted), injectFlaws: true);
        var issues = QualityGateEvaluator.Evaluate(flawed, Brief, brand, gates, new QualityThresholds()).Issues;

        var rewritten = await GenerateAsync(new DraftTask(DraftTask.Rewrite, Brief, "Plain.", ["world-class"], [], 200, flawed, issues, Variants: VariantRequest.Of(flawed.Variants)), injectFlaws: true);

        Assert.Equal(["headline", "headline", "social-post", "email-subject"], flawed.Variants.Select(v => v.Kind));
        Assert.Equal("Acme Mesh Router: the world-class pick that cuts costs by 87%", flawed.Variants[3].Text);
        Assert.Equal([("forbidden-phrase", "world-class"), ("invented-number", "87%")], issues.Where(i => i.Field == "variants[3]").Select(i => (i.Code, i.Evidence)));
        Assert.Equal(flawed.Variants.Take(3), rewritten.Variants.Take(3));
        Assert.Equal(new MarketingVariant("email-subject", "Acme Mesh Router: the pick that cuts costs"), rewritten.Variants[3]);
        Assert.DoesNotContain(QualityGateEvaluator.Evaluate(rewritten, Brief, brand, gates, new QualityThresholds()).Issues, i => i.Field.StartsWith("variants", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_JudgeReplyOutOfRangeOrIncomplete_ThrowsJsonExceptionNamingProblems()
    {
        var error = Assert.Throws<JsonException>(() => LlmQualityJudges.Parse("{\"score\": 140, \"issues\": [{\"severity\": \"error\", \"field\": \"footer\", \"message\": \"x\", \"fixSuggestion\": \"y\"}]}"));

        Assert.Contains("score must be within 0..100 (was 140).", error.Message, StringComparison.Ordinal);
        Assert.Contains("issues[0] needs a field", error.Message, StringComparison.Ordinal);
    }

    private static async Task<T> AskAsync<T>(object task)
    {
        var generator = new OfflineTextGenerator(new OfflineTextGeneratorOptions());
        var result = await generator.GenerateAsync(new GenerationRequest(FencedTask.Build("system", "user", task), "offline", 0, JsonMode: true), CancellationToken.None);
        return JsonSerializer.Deserialize<T>(result.Text, PipelineJson.Options)!;
    }

    private static async Task<ContentFields> GenerateAsync(DraftTask task, bool injectFlaws)
    {
        var generator = new OfflineTextGenerator(new OfflineTextGeneratorOptions { InjectFlawsIntoFirstDrafts = injectFlaws });
        var result = await generator.GenerateAsync(new GenerationRequest(DraftPrompt.Build(task), "offline", 0, JsonMode: true), CancellationToken.None);
        Assert.Equal(OfflineTextGenerator.ModelName, result.Model);
        return DraftReply.Parse(result.Text);
    }

    private sealed class PersonasComparer : IEqualityComparer<AudiencePersonas>
    {
        public bool Equals(AudiencePersonas? x, AudiencePersonas? y) => JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

        public int GetHashCode(AudiencePersonas obj) => JsonSerializer.Serialize(obj).GetHashCode(StringComparison.Ordinal);
    }

    private sealed class JudgeReplyComparer : IEqualityComparer<JudgeReply>
    {
        public bool Equals(JudgeReply? x, JudgeReply? y) => JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

        public int GetHashCode(JudgeReply obj) => JsonSerializer.Serialize(obj).GetHashCode(StringComparison.Ordinal);
    }
}
