using System.Text.Json;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.QualityGates;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Extraction;

/// <summary>
/// The <c>extract</c> stage: asks the LLM for the key features, benefits, specs and audience as JSON and validates
/// them — a spec stating a figure the sources do not contain is refused and repaired once, like malformed JSON.
/// </summary>
public sealed class ExtractStage(MeteredTextGeneration generation, ResearchStore research, ExtractionStore store) : StageType<ExtractStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "extract";

    private const string System =
        "You extract facts for marketing writers. Reply with one JSON object with the arrays features (strings), " +
        "benefits (strings), specs (objects with name and value) and audience (strings), and nothing else. " +
        "Use only facts stated in the brief's sourceText or in the research; copy figures exactly.";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Extracts key features, benefits, specs and audience from the research as structured facts.";

    /// <summary>Parses and validates a reply; throws <see cref="JsonException"/> naming every problem.</summary>
    public static ExtractedFacts Parse(string reply, string sources, int maxItems)
    {
        var facts = JsonSerializer.Deserialize<ExtractedFacts>(reply, PipelineJson.Options) ?? throw new JsonException("The reply is JSON null; an object is required.");
        var problems = new List<string>();
        foreach (var (name, list) in new[] { ("features", facts.Features), ("benefits", facts.Benefits), ("audience", facts.Audience) })
        {
            if (list is null || list.Count == 0 || list.Count > maxItems || list.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{name} must hold 1 to {maxItems} non-empty strings.");
            }
        }

        if (facts.Specs is null || facts.Specs.Count > maxItems || facts.Specs.Any(s => string.IsNullOrWhiteSpace(s?.Name) || string.IsNullOrWhiteSpace(s?.Value)))
        {
            problems.Add($"specs must hold at most {maxItems} objects with a name and a value.");
        }
        else
        {
            var known = QualityGateEvaluator.NumbersIn(sources).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(facts.Specs
                .SelectMany(spec => QualityGateEvaluator.NumbersIn(spec.Value).Where(n => !known.Contains(n)).Select(n => $"the spec \"{spec.Name}\" states {n}, which is not in the sources.")));
        }

        return problems.Count == 0 ? facts : throw new JsonException(string.Join(" ", problems));
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(ExtractStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, ExtractStageConfig config)
    {
        var brief = context.Run.Brief;
        var researchBrief = await research.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false);
        var sources = $"{brief.SourceText}\n{brief.Topic}\n{researchBrief?.Text}";
        var task = new ExtractTask(brief.ForPrompt(), researchBrief?.Text, config.MaxItems);
        var result = await generation.GenerateJsonAsync(
            context,
            StagePrompts.Build(context, Name, System, "Extract the facts from this brief and its research.", task),
            reply => Parse(reply, sources, config.MaxItems)).ConfigureAwait(false);
        var facts = result.Value;
        await store.SaveAsync(context.Run.Id, context.Invocation.StageIndex, facts, context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(
            TypeName,
            context.Invocation.InputVersion,
            Gate: null,
            Published: false,
            $"extracted {facts.Features.Count} feature(s), {facts.Benefits.Count} benefit(s), {facts.Specs.Count} spec(s) by {result.Calls[^1].Model}");
    }
}
