using ContentFlows.Activities.Citations;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Research;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Tests.QualityGates;

public sealed class QualityGateEvaluatorTests
{
    private static readonly ContentBrief Brief = new("Acme Mesh Router", "busy families", "product-page", "en", ["mesh wifi"], "It covers 120 square metres and 1,200 users rate it 4.8.");
    private static readonly BrandProfile Brand = new() { BannedPhrases = ["world-class"] };

    [Fact]
    public void Evaluate_CleanDraft_PassesWithFullScore()
    {
        var report = Evaluate(Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8."));

        Assert.True(report.Passed);
        Assert.Equal(100, report.Score);
        Assert.Empty(report.Issues);
    }

    [Fact]
    public void WithLanguageRules_RegionalTagFallsBackToItsLanguage_PhrasesAddedAndBoundsReplaced()
    {
        var thresholds = new QualityThresholds
        {
            Languages = new Dictionary<string, LanguageGateRules> { ["de"] = new() { ForbiddenPhrases = ["mega"], TitleLength = new(10, 20) } },
        };
        var config = new QualityGateStageConfig { ForbiddenPhrases = ["cheap"], BodyLength = new LengthBounds(20, 1000) };

        var rules = thresholds.RulesFor("de-AT");
        Assert.NotNull(rules);
        Assert.Null(thresholds.RulesFor("en"));
        var german = config.WithLanguageRules(rules);
        var report = QualityGateEvaluator.Evaluate(Draft("Our mega mesh wifi covers 120 square metres; 1200 users rate it 4.8.") with { Title = "Acme Mesh Router for every room" }, Brief, Brand, german, new QualityThresholds());

        Assert.Equal(["cheap", "mega"], german.ForbiddenPhrases);
        Assert.Equal((new LengthBounds(10, 20), config.BodyLength), (german.TitleLength, german.BodyLength));
        Assert.Equal(["cheap"], config.ForbiddenPhrases);
        Assert.Equal(["forbidden-phrase:body", "length:title"], report.Issues.Select(i => $"{i.Code}:{i.Field}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_ForbiddenPhraseAndInventedNumber_FailsWithBothErrorsAndFixes()
    {
        var report = Evaluate(Draft("Our world-class mesh wifi covers 120 square metres; 1200 users rate it 4.8 and save 87%."));

        Assert.False(report.Passed);
        Assert.Equal(50, report.Score);
        Assert.Collection(
            report.Issues,
            i => Assert.Equal(("forbidden-phrase", IssueSeverity.Error, "world-class"), (i.Code, i.Severity, i.Evidence)),
            i => Assert.Equal(("invented-number", IssueSeverity.Error, "87%"), (i.Code, i.Severity, i.Evidence)));
        Assert.All(report.Issues, i => Assert.False(string.IsNullOrWhiteSpace(i.FixSuggestion)));
    }

    [Fact]
    public void Evaluate_NoCtaMissingKeywordAndSourceNumber_ReportsEach()
    {
        var report = Evaluate(Draft("A router that covers 120 square metres for families who stream all day long.") with { Cta = string.Empty });

        Assert.False(report.Passed);
        Assert.Equal(["missing-cta", "missing-source-number", "missing-source-number", "missing-keyword"], report.Issues.Select(i => i.Code));
    }

    [Fact]
    public void Evaluate_DatasetColumnFigures_MayBeStatedButNeedNotBe()
    {
        var brief = Brief with { Attributes = new Dictionary<string, string> { ["product_id"] = "SKU-00042", ["price"] = "129.90" } };

        var stated = QualityGateEvaluator.Evaluate(Draft("Our mesh wifi covers 120 square metres for 129.90; 1200 users rate it 4.8."), brief, Brand, new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) }, new QualityThresholds());
        var unstated = QualityGateEvaluator.Evaluate(Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8."), brief, Brand, new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) }, new QualityThresholds());

        Assert.Empty(stated.Issues);
        Assert.Empty(unstated.Issues);
    }

    [Fact]
    public void Evaluate_TranslationLosingAMasterFigure_FailsWithTranslationNumberLost()
    {
        var master = Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8.");
        var translation = Draft("Unser Mesh-WLAN deckt 120 Quadratmeter ab; Nutzer bewerten es mit 4.9.");

        var report = QualityGateEvaluator.Evaluate(translation, Brief, Brand, new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) }, new QualityThresholds(), new GateSources(null, [], master));

        Assert.False(report.Passed);
        Assert.Equal(
            [("invented-number", "4.9"), ("missing-source-number", "1200"), ("missing-source-number", "4.8"), ("translation-number-lost", "1200"), ("translation-number-lost", "4.8")],
            report.Issues.Select(i => (i.Code, i.Evidence)));
    }

    [Fact]
    public void Evaluate_ResearchFiguresAndMarkersAndSourceWarning_CountsFiguresIgnoresMarkersAndLowersScore()
    {
        var sources = new GateSources("[S1] Datasheet\nBattery backup lasts 6 hours.", ["Source S2 (press page) was left out: unreachable."], null);

        var report = QualityGateEvaluator.Evaluate(
            Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8, and the battery lasts 6 hours."),
            Brief,
            Brand,
            new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) },
            new QualityThresholds(),
            sources);

        Assert.True(report.Passed);
        Assert.Equal(92, report.Score);
        Assert.Equal("source-unreachable", Assert.Single(report.Issues).Code);
    }

    [Fact]
    public void Evaluate_MarkersCitingMissingAndUnreadSources_ErrorAndWarningNamingTheClaim()
    {
        var sources = new GateSources("[S1] Datasheet\nIt covers 120 square metres.", [], null)
        {
            SourceIndex =
            [
                new ResearchSourceEntry("S1", BriefSourceKind.Text, "inline", "Datasheet", Read: true, 30, null),
                new ResearchSourceEntry("S2", BriefSourceKind.Url, "http://127.0.0.1:9/", "Press page", Read: false, 0, "unreachable"),
            ],
            Claims =
            [
                new SourceClaim("body", "Our mesh wifi covers 120 square metres.", ["S1", "S7"]),
                new SourceClaim("body", "1200 users rate it 4.8.", ["S2"]),
            ],
        };

        var report = QualityGateEvaluator.Evaluate(Draft("Our mesh wifi covers 120 square metres. 1200 users rate it 4.8."), Brief, Brand, new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) }, new QualityThresholds(), sources);

        Assert.False(report.Passed);
        Assert.Equal([("unknown-source-marker", IssueSeverity.Error, "S7"), ("unread-source-marker", IssueSeverity.Warning, "S2")], report.Issues.Select(i => (i.Code, i.Severity, i.Evidence)));
        Assert.Contains("\"Our mesh wifi covers 120 square metres.\"", report.Issues[0].Message, StringComparison.Ordinal);
        Assert.Contains("sources: S1, S2", report.Issues[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MarkersWithoutResearch_NotChecked()
    {
        var sources = new GateSources(null, [], null) { Claims = [new SourceClaim("body", "Our mesh wifi covers 120 square metres.", ["S9"])] };

        var report = QualityGateEvaluator.Evaluate(Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8."), Brief, Brand, new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) }, new QualityThresholds(), sources);

        Assert.Empty(report.Issues);
    }

    [Fact]
    public void WithJudgments_JudgeIssuesAndLowJudgeScore_MergedScoreIsTheLowerOne()
    {
        var clean = Evaluate(Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8."));
        QualityJudgment[] judgments = [new("brand-voice", 90, "m"), new("factuality", 72, "m")];
        QualityIssue[] judgeIssues = [new("brand-voice", IssueSeverity.Warning, "body", "Stiff.", "Loosen it.")];

        var merged = QualityGateEvaluator.WithJudgments(clean, judgments, judgeIssues, new QualityGateStageConfig(), new QualityThresholds { MinScore = 80 });
        var mergedHigh = QualityGateEvaluator.WithJudgments(clean, [new("factuality", 99, "m")], judgeIssues, new QualityGateStageConfig(), new QualityThresholds { MinScore = 80 });

        Assert.Equal((72, false, 80), (merged.Score, merged.Passed, merged.MinScore));
        Assert.Equal(judgments, merged.Judgments);
        Assert.Equal("brand-voice", Assert.Single(merged.Issues).Code);
        Assert.Equal((92, true), (mergedHigh.Score, mergedHigh.Passed));
    }

    [Fact]
    public void Evaluate_FlawedVariants_ReportsEachAgainstItsVariantWithKindBounds()
    {
        var draft = Draft("Our mesh wifi covers 120 square metres; 1200 users rate it 4.8.") with
        {
            Variants =
            [
                new(MarketingVariantKinds.Headline, "Mesh wifi for busy families"),
                new(MarketingVariantKinds.SocialPost, "The world-class router that 87% of families love."),
                new(MarketingVariantKinds.EmailSubject, "Hi"),
                new(MarketingVariantKinds.AdCopy, " "),
            ],
        };
        var config = new QualityGateStageConfig
        {
            BodyLength = new LengthBounds(20, 1000),
            VariantLengths = new Dictionary<string, LengthBounds> { [MarketingVariantKinds.EmailSubject] = new(5, 40) },
        };

        var report = QualityGateEvaluator.Evaluate(draft, Brief, Brand, config, new QualityThresholds());

        Assert.False(report.Passed);
        Assert.Equal(
            [
                ("length", "variants[2]", (string?)null),
                ("empty-field", "variants[3]", null),
                ("forbidden-phrase", "variants[1]", "world-class"),
                ("invented-number", "variants[1]", "87%"),
            ],
            report.Issues.Select(i => (i.Code, i.Field, i.Evidence)));
        Assert.Equal("The variants[2] (email-subject) has 2 characters; allowed 5–40.", report.Issues[0].Message);
    }

    [Fact]
    public void Evaluate_KeywordOnlyInAVariant_StillMissingFromThePage()
    {
        var draft = Draft("A router that covers 120 square metres; 1200 users rate it 4.8.") with { Variants = [new(MarketingVariantKinds.Headline, "Mesh wifi for the whole family")] };

        var report = Evaluate(draft);

        Assert.Equal(("missing-keyword", "mesh wifi"), (Assert.Single(report.Issues).Code, report.Issues[0].Evidence));
    }

    [Fact]
    public void Validate_VariantLengthsWithUnknownKindAndBadBounds_ListsEachProblem()
    {
        var config = new QualityGateStageConfig { VariantLengths = new Dictionary<string, LengthBounds> { ["tweet"] = new(1, 2), ["headline"] = new(50, 10) } };

        Assert.Equal(
            ["variantLengths has the unknown kind \"tweet\"; known: headline, social-post, ad-copy, email-subject.", "variantLengths.headline must have 0 <= min <= max (was 50..10)."],
            config.Validate());
    }

    [Fact]
    public void Evaluate_BodyBoundsInWords_CountsWordsOfTheTextReadersSee()
    {
        // 11 words a section, 10 sections and a 5-word close: 115 words of text; the Markdown syntax adds none.
        var sections = Enumerable.Range(1, 10).Select(_ => "## Mesh wifi\n\n- Our mesh wifi covers 120 square metres for families.");
        var draft = Draft(string.Join("\n\n", sections) + "\n\n1200 users rate it 4.8.");
        var config = new QualityGateStageConfig { BodyLength = LengthBounds.InWords(100, 140) };

        var within = QualityGateEvaluator.Evaluate(draft, Brief, Brand, config, new QualityThresholds());
        var tooShort = QualityGateEvaluator.Evaluate(draft, Brief, Brand, new QualityGateStageConfig { BodyLength = LengthBounds.InWords(150, 200) }, new QualityThresholds());

        Assert.DoesNotContain(within.Issues, i => i.Code == "length");
        var issue = Assert.Single(tooShort.Issues, i => i.Code == "length");
        Assert.Equal("The body has 115 words; allowed 150–200.", issue.Message);
        Assert.Equal("Lengthen the body to at least 150 words.", issue.FixSuggestion);
    }

    [Fact]
    public void Evaluate_OrderedListMarkers_AreNotStatedNumbers()
    {
        var report = Evaluate(Draft("Our mesh wifi:\n\n1. covers 120 square metres;\n2. is rated 4.8 by 1200 users.\n3. sets up in minutes."));

        Assert.DoesNotContain(report.Issues, i => i.Code == "invented-number");
    }

    [Fact]
    public void Validate_UnknownLengthUnit_NamesThePropertyAndValue()
    {
        var problems = new QualityGateStageConfig { BodyLength = new LengthBounds(1, 2) { Unit = "pages" } }.Validate();

        Assert.Contains("bodyLength.unit must be \"characters\" or \"words\" (was \"pages\").", problems);
    }

    private static QualityGateReport Evaluate(ContentFields draft) =>
        QualityGateEvaluator.Evaluate(draft, Brief, Brand, new QualityGateStageConfig { BodyLength = new LengthBounds(20, 1000) }, new QualityThresholds());

    private static ContentFields Draft(string body) => new(
        "Acme Mesh Router for busy families",
        "Learn what the Acme Mesh Router offers busy families: facts, benefits and the next step.",
        "Acme Mesh Router",
        body,
        "Get started today");
}
