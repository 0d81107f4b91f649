using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Digests;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Translation;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// A deterministic generator without network, used when no LLM endpoint is configured. It writes drafts from the
/// brief in the prompt, says in the body that it is offline, and on rewrite obeys the gate findings literally.
/// </summary>
public sealed class OfflineTextGenerator(OfflineTextGeneratorOptions options) : ITextGenerator
{
    /// <summary>The model name reported in results and cost rows.</summary>
    public const string ModelName = "offline-generator";

    /// <summary>The sentence every offline draft carries, so nobody mistakes it for LLM output.</summary>
    public const string OfflineNotice = "This draft was written by the offline generator because no LLM endpoint is configured.";

    // The source a flawed first draft cites although no research has that many sources.
    private const string UnknownSourceMarker = "S99";

    // The last resort of a rewrite whose brief itself is full of banned phrases: plain words that fit any page.
    private const string NeutralTitle = "The facts, the benefits and the next step";
    private const string NeutralMetaDescription = "The facts, the benefits and the next step, in one short read.";
    private const string NeutralCta = "Read more";

    // Candidates for the deliberately invented figure; the first one absent from the sources is used.
    private static readonly string[] InventedNumbers = ["87%", "93%", "41%"];

    /// <inheritdoc />
    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var promptTokens = request.Messages.Sum(m => EstimateTokens(m.Content));
        object? answer = FencedTask.TaskName(request.Messages) switch
        {
            ExtractTask.Name => FencedTask.TryRead<ExtractTask>(request.Messages) is { } extract ? Extract(extract) : null,
            TranslateTask.Name => FencedTask.TryRead<TranslateTask>(request.Messages) is { } translate ? Translate(translate) : null,
            AudienceTask.Name => FencedTask.TryRead<AudienceTask>(request.Messages) is { } audience ? Personas(audience) : null,
            JudgeTask.Name => FencedTask.TryRead<JudgeTask>(request.Messages) is { } judge ? Judge(judge) : null,
            DigestTriageTask.Name => FencedTask.TryRead<DigestTriageTask>(request.Messages) is { } triage ? Triage(triage) : null,
            _ => null,
        };
        if (answer is not null)
        {
            var json = JsonSerializer.Serialize(answer, answer.GetType(), PipelineJson.Options);
            return Task.FromResult(new GenerationResult(json, promptTokens, EstimateTokens(json), ModelName));
        }

        var task = DraftPrompt.TryRead(request.Messages);
        var fields = task switch
        {
            null => new ContentFields("Offline draft", OfflineNotice, "Offline draft", OfflineNotice, string.Empty),
            { Task: DraftTask.Rewrite, Draft: { } draft } => Rewrite(draft, task),
            _ => Draft(task),
        };
        var text = JsonSerializer.Serialize(fields, PipelineJson.Options);
        return Task.FromResult(new GenerationResult(text, promptTokens, EstimateTokens(text), ModelName));
    }

    // About four characters per token, as for English text with common tokenizers.
    private static int EstimateTokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    private static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.Trim() : text.Trim() + ".";

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd();

    private static ContentFields Rewrite(ContentFields draft, DraftTask task)
    {
        var issues = task.Issues ?? [];
        var removals = issues
            .Where(i => i.Code is "forbidden-phrase" or "invented-number" or QualityJudgeNames.BrandVoice or QualityJudgeNames.Factuality && i.Evidence is not null)
            .Select(i => i.Evidence!)
            .Concat(issues.Where(i => i.Code == "unknown-source-marker" && i.Evidence is not null).Select(i => $"[{i.Evidence}]"))
            .ToList();

        // Text written anew must not bring back a flagged phrase, nor one the brand bans.
        var avoided = removals.Concat(task.BannedPhrases.Where(p => !string.IsNullOrWhiteSpace(p))).ToList();
        // Line by line within a block, so a Markdown list or table keeps one item or row per line.
        string CleanLine(string line) => string.Join(" ", SplitSentences(line).Where(s => !removals.Any(r => s.Contains(r, StringComparison.OrdinalIgnoreCase))));
        string Clean(string text) => string.Join(
            "\n\n",
            text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(block => string.Join("\n", block.Split('\n').Select(CleanLine).Where(line => line.Length > 0)))
                .Where(block => block.Length > 0));

        // The body loses whole offending sentences; if that leaves nothing, only the phrases go.
        var kept = Clean(draft.Body);
        var body = new StringBuilder(PhraseRemover.HasWords(kept) ? kept : Written(avoided, draft.Body, OfflineNotice));
        void Add(string sentence)
        {
            var added = PhraseRemover.Remove(sentence, avoided);
            if (PhraseRemover.HasWords(added))
            {
                body.Append("\n\n").Append(added);
            }
        }

        foreach (var issue in issues.Where(i => i.Evidence is not null))
        {
            switch (issue.Code)
            {
                case "missing-keyword":
                    Add(Sentence($"It also covers {issue.Evidence}"));
                    break;
                case "missing-required-phrase":
                    Add(Sentence(issue.Evidence!));
                    break;
                case "missing-source-number":
                    Add(Sentence(task.Brief.SourceText));
                    break;
                default:
                    break;
            }
        }

        // The other fields are often a single sentence, which dropping would blank (issue 4): they lose only the
        // phrases, and are written anew from the brief when too little is left.
        var brief = task.Brief;
        return new ContentFields(
            Cap(Written(avoided, draft.Title, TitleFor(brief), NeutralTitle), 70),
            Cap(Written(avoided, draft.MetaDescription, MetaDescriptionFor(brief), NeutralMetaDescription), 160),
            Written(avoided, draft.H1, brief.Topic, NeutralTitle),
            body.ToString(),
            Written(avoided, draft.Cta, CtaFor(brief), NeutralCta))
        {
            // Kept one for one, so the rewrite has the kinds and counts the draft had.
            Variants = draft.Variants.Select((v, i) => v with { Text = Written(avoided, v.Text, VariantText(brief, v.Kind, i), NeutralTitle) }).ToList(),
        };
    }

    // The first candidate still written once the phrases are cut from it: as it is when it held none, else when words
    // are left. When none is, the last one whole: the reply stays complete and the gates show the phrase to a person.
    private static string Written(IReadOnlyList<string> phrases, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            var cut = PhraseRemover.Remove(candidate, phrases);
            if (cut == candidate ? !string.IsNullOrWhiteSpace(cut) : PhraseRemover.HasWords(cut))
            {
                return cut;
            }
        }

        return candidates[^1];
    }

    private static string TitleFor(ContentBrief brief)
    {
        var keyword = brief.Keywords.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k));
        return Cap(keyword is not null ? $"{brief.Topic}: {keyword} for {brief.Audience}" : $"{brief.Topic} for {brief.Audience}", 70);
    }

    private static string MetaDescriptionFor(ContentBrief brief) =>
        Cap($"Learn what {brief.Topic} offers {brief.Audience}: the facts, the benefits and the next step, in one short read.", 160);

    private static string CtaFor(ContentBrief brief) => $"Get started with {brief.Topic} today";

    // The index-th variant of a kind; the templates cycle, numbered past the first round so no two are the same.
    private static string VariantText(ContentBrief brief, string kind, int index)
    {
        var source = SplitSentences(brief.SourceText).FirstOrDefault() ?? Sentence($"{brief.Topic} is made for {brief.Audience}");
        string[] templates = kind switch
        {
            MarketingVariantKinds.Headline => [$"{brief.Topic} for {brief.Audience}", $"Why {brief.Audience} choose {brief.Topic}", $"{brief.Topic}: what {brief.Audience} need to know"],
            MarketingVariantKinds.SocialPost => [$"New for {brief.Audience}: {brief.Topic}. {source} {Sentence(CtaFor(brief))}", $"{source} That is {brief.Topic}, made for {brief.Audience}. {Sentence(CtaFor(brief))}"],
            MarketingVariantKinds.AdCopy => [$"{brief.Topic}, made for {brief.Audience}. {Sentence(CtaFor(brief))}", $"{source} {Sentence(CtaFor(brief))}"],
            _ => [$"{brief.Topic}: made for {brief.Audience}", $"What {brief.Topic} does for {brief.Audience}"],
        };
        var text = templates[index % templates.Length] + (index >= templates.Length ? $" ({(index / templates.Length) + 1})" : string.Empty);
        return Cap(text, kind switch { MarketingVariantKinds.SocialPost => 280, MarketingVariantKinds.AdCopy => 150, MarketingVariantKinds.Headline => 90, _ => 70 });
    }

    // The research brief's sentences, without the "[S1] title" lines that head each source.
    private static IEnumerable<string> ResearchSentences(string? research) => SourcedResearchSentences(research).Select(s => s.Sentence);

    // The research brief's sentences with the marker of the source each comes from.
    private static IEnumerable<(string Marker, string Sentence)> SourcedResearchSentences(string? research)
    {
        var marker = string.Empty;
        foreach (var line in (research ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("[S", StringComparison.Ordinal) && line.IndexOf(']', StringComparison.Ordinal) is > 2 and var close)
            {
                marker = line[1..close];
                continue;
            }

            foreach (var sentence in SplitSentences(line))
            {
                yield return (marker, sentence);
            }
        }
    }

    // "Battery backup lasts 6 hours." → "Battery backup lasts 6 hours [S3]."
    private static string Cite(string sentence, string marker) => marker.Length == 0
        ? sentence
        : sentence[^1] is '.' or '!' or '?' ? $"{sentence[..^1]} [{marker}]{sentence[^1]}" : $"{sentence} [{marker}]";

    private static AudiencePersonas Personas(AudienceTask task)
    {
        var brief = task.Brief;
        var audiences = (task.Facts?.Audience ?? []).Prepend(brief.Audience).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var benefits = (task.Facts?.Benefits ?? []).Where(b => !b.Any(char.IsAsciiDigit)).Take(2).ToList();
        var tone = string.IsNullOrWhiteSpace(task.VoiceAndTone) ? "Plain and direct." : task.VoiceAndTone.Trim();
        var personas = task.BrandPersonas
            .Select(p => p with { Needs = [.. p.Needs, Sentence($"Know what {brief.Topic} does for them")] })
            .Concat(audiences.Select(audience => new AudiencePersona(
                char.ToUpperInvariant(audience[0]) + audience[1..],
                benefits.Count > 0 ? benefits : [Sentence($"Know what {brief.Topic} does for them")],
                [Sentence($"Is {brief.Topic} worth the money"), "Will it be hard to set up?"],
                Sentence($"{tone} Speak to {audience} directly and show the next step"))))
            .Take(task.MaxPersonas)
            .ToList();
        return new AudiencePersonas(personas);
    }

    // A deterministic stand-in for triage: relevance is how many of the brief's topic and keyword words an item mentions.
    private static DigestTriageReply Triage(DigestTriageTask task)
    {
        var words = task.Brief.Keywords.Prepend(task.Brief.Topic)
            .SelectMany(text => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(word => word.Trim('.', ',', ':', ';', '!', '?').ToLowerInvariant())
            .Where(word => word.Length >= 4)
            .Distinct()
            .ToList();
        return new DigestTriageReply(task.Items.Select(item =>
        {
            var text = $"{item.Title} {item.Summary}".ToLowerInvariant();
            var matched = words.Where(word => text.Contains(word, StringComparison.Ordinal)).ToList();
            return matched.Count == 0
                ? new DigestItemScore(item.Index, 10, $"It does not mention {task.Brief.Topic}.")
                : new DigestItemScore(item.Index, Math.Min(100, 30 + (25 * matched.Count)), $"It covers {string.Join(", ", matched)}.");
        }).ToList());
    }

    // Deterministic stand-ins for the LLM judges: the offline generator can only judge what is literally there.
    private static JudgeReply Judge(JudgeTask task)
    {
        var content = task.Content;
        var fields = new (string Name, string Text)[] { ("title", content.Title), ("metaDescription", content.MetaDescription), ("h1", content.H1), ("body", content.Body), ("cta", content.Cta) }
            .Concat(content.Variants.Select((v, i) => (Name: $"variants[{i}]", v.Text)))
            .ToList();
        var findings = new List<JudgeFinding>();
        if (task.Judge == QualityJudgeNames.BrandVoice)
        {
            foreach (var phrase in task.BannedPhrases.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                findings.AddRange(fields
                    .Where(f => f.Text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
                    .Select(f => new JudgeFinding(IssueSeverity.Warning, f.Name, $"Off-voice: \"{phrase}\" is hype the brand's voice ({task.VoiceAndTone.Trim()}) avoids.", $"Say what makes it good in plain, specific words instead of \"{phrase}\".", phrase)));
            }

            return new JudgeReply(Math.Max(0, 100 - (30 * findings.Count)), findings);
        }

        var supported = QualityGateEvaluator.NumbersIn($"{task.Brief.SourceText}\n{task.Brief.Topic}\n{task.Research}").ToHashSet(StringComparer.Ordinal);
        foreach (var (name, text) in fields)
        {
            findings.AddRange(QualityGateEvaluator.NumbersIn(text)
                .Where(n => !supported.Contains(n))
                .Select(n => new JudgeFinding(IssueSeverity.Error, name, $"Unsupported claim: nothing in the brief or the research states {n}.", "Remove the claim or support it with a figure from the sources.", n)));
        }

        return new JudgeReply(Math.Max(0, 100 - (35 * findings.Count)), findings);
    }

    private static ExtractedFacts Extract(ExtractTask task)
    {
        var brief = task.Brief;
        var sentences = SplitSentences(brief.SourceText).Concat(ResearchSentences(task.Research)).Distinct(StringComparer.Ordinal).ToList();
        var specs = sentences.Where(s => s.Any(char.IsAsciiDigit)).Take(task.MaxItems).Select((s, i) => new ProductSpec($"Fact {i + 1}", s)).ToList();
        var benefits = sentences.Where(s => !s.Any(char.IsAsciiDigit)).Take(task.MaxItems).ToList();
        var features = brief.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Take(task.MaxItems).ToList();
        return new ExtractedFacts(
            features.Count > 0 ? features : [brief.Topic],
            benefits.Count > 0 ? benefits : [Sentence($"{brief.Topic} is made for {brief.Audience}")],
            specs,
            [brief.Audience]);
    }

    // Without a model nothing can be translated: the text is kept (figures and all) and the body says so.
    private static ContentFields Translate(TranslateTask task) => task.Content with
    {
        Body = $"(Offline generator: no translation into {task.Language} was made; the {task.SourceLanguage} text is kept.)\n\n{task.Content.Body}",
    };

    private static IEnumerable<string> SplitSentences(string paragraph)
    {
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            // A full stop ends a sentence only before whitespace or the end, so "12.5" stays whole.
            if (paragraph[i] is '.' or '!' or '?' && (i + 1 == paragraph.Length || char.IsWhiteSpace(paragraph[i + 1])))
            {
                yield return paragraph[start..(i + 1)].Trim();
                start = i + 1;
            }
        }

        if (start < paragraph.Length && paragraph[start..].Trim() is { Length: > 0 } rest)
        {
            yield return rest;
        }
    }

    private ContentFields Draft(DraftTask task)
    {
        var brief = task.Brief;
        var keywords = brief.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        var paragraphs = new List<string>
        {
            OfflineNotice,
            Sentence($"{brief.Topic} is made for {brief.Audience}") + (keywords.Count > 0 ? " " + Sentence($"This page covers {string.Join(", ", keywords)}") : string.Empty),
            Sentence(brief.SourceText),
        };

        // Research figures go in with their sentences, so every figure stated is quoted from a source.
        var known = SplitSentences(brief.SourceText).ToHashSet(StringComparer.Ordinal);
        var researchFacts = SourcedResearchSentences(task.Research).Where(s => s.Sentence.Any(char.IsAsciiDigit) && !known.Contains(s.Sentence)).DistinctBy(s => s.Sentence, StringComparer.Ordinal).ToList();
        if (researchFacts.Count > 0)
        {
            paragraphs.Add(string.Join(" ", researchFacts.Select(s => Cite(s.Sentence, s.Marker))));
        }

        if (task.Personas is { Count: > 0 } personas)
        {
            paragraphs.Add(string.Join(" ", personas.Select(p => Sentence($"For {p.Name.ToLowerInvariant()}: {p.Needs[0].TrimEnd('.')}"))));
        }
        paragraphs.AddRange(task.RequiredPhrases.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Sentence));
        paragraphs.Add(Sentence($"Read on to see how {brief.Topic} fits the way {brief.Audience} already work, and what to do next"));
        var variants = (task.Variants ?? []).SelectMany(r => Enumerable.Range(0, r.Count).Select(i => new MarketingVariant(r.Kind, VariantText(brief, r.Kind, i)))).ToList();
        if (options.InjectFlawsIntoFirstDrafts)
        {
            var sourceNumbers = QualityGateEvaluator.NumbersIn($"{brief.SourceText}\n{brief.Topic}\n{task.Research}");
            var invented = InventedNumbers.First(n => !sourceNumbers.Contains(n));
            var banned = task.BannedPhrases.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p)) ?? "world-class";
            // With research, the flawed claim also cites a source the research does not have.
            paragraphs.Add(task.Research is null
                ? $"It is a {banned} choice that cuts costs by {invented}."
                : $"It is a {banned} choice that cuts costs by {invented} [{UnknownSourceMarker}].");

            // The last variant carries the same flaws, so the gates show they read variants and the rewrite fixes them.
            if (variants.Count > 0)
            {
                variants[^1] = variants[^1] with { Text = $"{brief.Topic}: the {banned} pick that cuts costs by {invented}" };
            }
        }

        return new ContentFields(TitleFor(brief), MetaDescriptionFor(brief), brief.Topic, string.Join("\n\n", paragraphs), CtaFor(brief)) { Variants = variants };
    }
}
