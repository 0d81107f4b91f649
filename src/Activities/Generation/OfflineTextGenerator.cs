using System.Text;
using System.Text.Json;
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
            .Where(i => i.Code is "forbidden-phrase" or "invented-number" && i.Evidence is not null)
            .Select(i => i.Evidence!)
            .ToList();
        string Clean(string text) => string.Join(
            "\n\n",
            text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(paragraph => string.Join(" ", SplitSentences(paragraph).Where(s => !removals.Any(r => s.Contains(r, StringComparison.OrdinalIgnoreCase)))))
                .Where(paragraph => paragraph.Length > 0));

        var body = new StringBuilder(Clean(draft.Body));
        foreach (var issue in issues.Where(i => i.Evidence is not null))
        {
            switch (issue.Code)
            {
                case "missing-keyword":
                    body.Append("\n\n").Append(Sentence($"It also covers {issue.Evidence}"));
                    break;
                case "missing-required-phrase":
                    body.Append("\n\n").Append(Sentence(issue.Evidence!));
                    break;
                case "missing-source-number":
                    body.Append("\n\n").Append(Sentence(task.Brief.SourceText));
                    break;
                default:
                    break;
            }
        }

        var cta = string.IsNullOrWhiteSpace(draft.Cta) ? $"Get started with {task.Brief.Topic} today" : Clean(draft.Cta);
        return new ContentFields(Cap(Clean(draft.Title), 70), Cap(Clean(draft.MetaDescription), 160), Clean(draft.H1), body.ToString(), cta);
    }

    // The research brief's sentences, without the "[S1] title" lines that head each source.
    private static IEnumerable<string> ResearchSentences(string? research) =>
        (research ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !(line.StartsWith("[S", StringComparison.Ordinal) && line.Contains(']', StringComparison.Ordinal)))
            .SelectMany(SplitSentences);

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
        var researchFacts = ResearchSentences(task.Research).Where(s => s.Any(char.IsAsciiDigit) && !known.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
        if (researchFacts.Count > 0)
        {
            paragraphs.Add(string.Join(" ", researchFacts));
        }
        paragraphs.AddRange(task.RequiredPhrases.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Sentence));
        paragraphs.Add(Sentence($"Read on to see how {brief.Topic} fits the way {brief.Audience} already work, and what to do next"));
        if (options.InjectFlawsIntoFirstDrafts)
        {
            var sourceNumbers = QualityGateEvaluator.NumbersIn($"{brief.SourceText}\n{brief.Topic}\n{task.Research}");
            var invented = InventedNumbers.First(n => !sourceNumbers.Contains(n));
            var banned = task.BannedPhrases.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p)) ?? "world-class";
            paragraphs.Add($"It is a {banned} choice that cuts costs by {invented}.");
        }

        var title = Cap(keywords.Count > 0 ? $"{brief.Topic}: {keywords[0]} for {brief.Audience}" : $"{brief.Topic} for {brief.Audience}", 70);
        var meta = Cap($"Learn what {brief.Topic} offers {brief.Audience}: the facts, the benefits and the next step, in one short read.", 160);
        return new ContentFields(title, meta, brief.Topic, string.Join("\n\n", paragraphs), $"Get started with {brief.Topic} today");
    }
}
