using System.Text.Json;
using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>
/// The LLM-judged checks of the <c>quality-gates</c> stage: brand voice against the brand profile, factuality against
/// the brief and its research. One structured, metered call per judge; a malformed reply is repaired once.
/// </summary>
public sealed class LlmQualityJudges(MeteredTextGeneration generation)
{
    /// <summary>The default system prompt of the brand-voice judge.</summary>
    public const string BrandVoiceSystem =
        "You are a brand editor. Judge whether the content sounds like the brand: its voice and tone, its glossary terms, " +
        "no banned phrases, and words its personas respond to. " + ReplyShape;

    /// <summary>The default system prompt of the factuality judge.</summary>
    public const string FactualitySystem =
        "You are a fact checker. Judge whether every claim and figure in the content is supported by the brief's " +
        "sourceText, the research (sources under markers such as [S1]) or the extracted facts; anything else is unsupported. " + ReplyShape;

    /// <summary>The default user instruction of both judges.</summary>
    public const string DefaultUser = "Judge this content.";

    private const string ReplyShape =
        "Reply with one JSON object {\"score\": 0-100, \"issues\": [{\"severity\": \"info\"|\"warning\"|\"error\", \"field\": " +
        "\"title\"|\"metaDescription\"|\"h1\"|\"body\"|\"cta\"|\"variants[i]\" (the i-th marketing variant), \"message\": \"...\", \"fixSuggestion\": \"...\", \"evidence\": \"the offending text\"}]} and nothing else.";

    private static readonly string[] FieldNames = ["title", "metaDescription", "h1", "body", "cta"];

    /// <summary>Parses and validates a judge's reply; throws <see cref="JsonException"/> naming every problem, so it gets repaired.</summary>
    public static JudgeReply Parse(string reply)
    {
        var parsed = JsonSerializer.Deserialize<JudgeReply>(reply, PipelineJson.Options) ?? throw new JsonException("The reply is JSON null; an object is required.");
        var problems = new List<string>();
        if (parsed.Score is < 0 or > 100)
        {
            problems.Add($"score must be within 0..100 (was {parsed.Score}).");
        }

        if (parsed.Issues is null)
        {
            problems.Add("issues must be an array (empty when there are none).");
        }
        else
        {
            for (var i = 0; i < parsed.Issues.Count; i++)
            {
                var issue = parsed.Issues[i];
                if (issue is null || !IsFieldName(issue.Field) || string.IsNullOrWhiteSpace(issue.Message) || string.IsNullOrWhiteSpace(issue.FixSuggestion))
                {
                    problems.Add($"issues[{i}] needs a field (one of {string.Join(", ", FieldNames)}, or variants[i] for a marketing variant), a message and a fixSuggestion.");
                }
            }
        }

        return problems.Count == 0 ? parsed : throw new JsonException(string.Join(" ", problems));
    }

    /// <summary>Runs the named judges on <paramref name="content"/>, one after another.</summary>
    /// <returns>Each judge's verdict, and its findings as gate issues coded with the judge's name.</returns>
    public async Task<(IReadOnlyList<QualityJudgment> Judgments, IReadOnlyList<QualityIssue> Issues)> JudgeAsync(
        StageContext context,
        IReadOnlyList<string> judges,
        ContentFields content,
        string? research,
        ExtractedFacts? facts,
        IReadOnlyList<AudiencePersona>? personas)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(judges);
        var brand = context.Project.Brand;
        var judgments = new List<QualityJudgment>();
        var issues = new List<QualityIssue>();
        foreach (var judge in judges)
        {
            var (key, system) = judge == QualityJudgeNames.BrandVoice
                ? (StagePrompts.BrandVoiceJudge, BrandVoiceSystem)
                : (StagePrompts.FactualityJudge, FactualitySystem);
            var task = new JudgeTask(judge, content, context.Run.Brief.ForPrompt(), brand.VoiceAndTone, brand.BannedPhrases, brand.Glossary, personas, research, facts);
            var result = await generation.GenerateJsonAsync(context, StagePrompts.Build(context, key, system, DefaultUser, task), Parse).ConfigureAwait(false);
            judgments.Add(new QualityJudgment(judge, result.Value.Score, result.Calls[^1].Model));
            issues.AddRange(result.Value.Issues.Select(f => new QualityIssue(judge, f.Severity, f.Field, f.Message, f.FixSuggestion, f.Evidence)));
        }

        return (judgments, issues);
    }

    // A page field, or a marketing variant by index as the gates name it ("variants[2]").
    private static bool IsFieldName(string? field) =>
        field is not null && (FieldNames.Contains(field, StringComparer.Ordinal) || (field.StartsWith("variants[", StringComparison.Ordinal) && field.EndsWith(']') && field.Length > 10 && field[9..^1].All(char.IsAsciiDigit)));
}
