using System.Text.Json;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Audience;

/// <summary>
/// The <c>audience</c> stage: asks the LLM for the personas the content speaks to (name, needs, objections, tone
/// notes) as validated JSON — a malformed or incomplete reply is repaired once — and stores them for <c>generate</c>.
/// </summary>
public sealed class AudienceStage(MeteredTextGeneration generation, ResearchStore research, ExtractionStore extractions, AudienceStore store) : StageType<AudienceStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "audience";

    /// <summary>The default system prompt.</summary>
    public const string DefaultSystem =
        "You are a marketing strategist. Reply with one JSON object {\"personas\": [...]} whose items have a name (string), " +
        "needs (strings), objections (strings) and toneNotes (string), and nothing else. Base them on the brief, its " +
        "research and facts, and refine the brand's standing personas rather than inventing unrelated ones.";

    /// <summary>The default user instruction.</summary>
    public const string DefaultUser = "Describe the readers of this content as personas.";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Works out the personas the content speaks to: needs, objections and tone.";

    /// <summary>Parses and validates a reply; throws <see cref="JsonException"/> naming every problem, so it gets repaired.</summary>
    public static AudiencePersonas Parse(string reply, int maxPersonas)
    {
        var parsed = JsonSerializer.Deserialize<AudiencePersonas>(reply, PipelineJson.Options) ?? throw new JsonException("The reply is JSON null; an object is required.");
        if (parsed.Personas is null || parsed.Personas.Count == 0 || parsed.Personas.Count > maxPersonas)
        {
            throw new JsonException($"personas must hold 1 to {maxPersonas} personas (held {parsed.Personas?.Count ?? 0}).");
        }

        var problems = new List<string>();
        for (var i = 0; i < parsed.Personas.Count; i++)
        {
            var persona = parsed.Personas[i];
            if (persona is null || string.IsNullOrWhiteSpace(persona.Name))
            {
                problems.Add($"personas[{i}] needs a name.");
                continue;
            }

            if (persona.Needs is null || persona.Needs.Count == 0 || persona.Needs.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"personas[{i}] ({persona.Name}) needs at least one non-empty need.");
            }

            if (persona.Objections is null || persona.Objections.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"personas[{i}] ({persona.Name}) needs an objections array without empty entries.");
            }

            if (string.IsNullOrWhiteSpace(persona.ToneNotes))
            {
                problems.Add($"personas[{i}] ({persona.Name}) needs toneNotes.");
            }
        }

        return problems.Count == 0 ? parsed : throw new JsonException(string.Join(" ", problems));
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(AudienceStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, AudienceStageConfig config)
    {
        var brand = context.Project.Brand;
        var researchBrief = await research.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false);
        var facts = await extractions.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false);
        var task = new AudienceTask(context.Run.Brief.ForPrompt(), brand.VoiceAndTone, brand.Personas, researchBrief?.Text, facts, config.MaxPersonas);
        var result = await generation.GenerateJsonAsync(
            context,
            StagePrompts.Build(context, Name, DefaultSystem, DefaultUser, task),
            reply => Parse(reply, config.MaxPersonas)).ConfigureAwait(false);
        await store.SaveAsync(context.Run.Id, context.Invocation.StageIndex, result.Value, context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(
            TypeName,
            context.Invocation.InputVersion,
            Gate: null,
            Published: false,
            $"{result.Value.Personas.Count} persona(s): {string.Join(", ", result.Value.Personas.Select(p => p.Name))} by {result.Calls[^1].Model}");
    }
}
