using System.Text.Json;
using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Citations;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// The <c>rewrite</c> stage: regenerates the input version with its gate findings as feedback, stored as a new
/// version. The draft goes to the model with its source markers put back, so the rewrite keeps its citations, and with
/// the length the draft was written to (see <see cref="TargetWordsAsync"/>), so a rewrite fixes an article without
/// shrinking it.
/// </summary>
public sealed class RewriteStage(
    MeteredTextGeneration generation,
    ContentVersionStore versions,
    SourceClaimStore claims,
    ResearchStore research,
    AudienceStore audiences,
    NpgsqlDataSource dataSource) : StageType<RewriteStageConfig>
{
    /// <inheritdoc />
    public override string TypeName => PipelineStageTypes.Rewrite;

    /// <inheritdoc />
    public override string Description => "Rewrites the draft to fix what the quality gates before it found.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(RewriteStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, RewriteStageConfig config)
    {
        var input = await versions.GetAsync(context.Run.Id, context.RequireInputVersion(), context.CancellationToken).ConfigureAwait(false);
        var researchText = (await research.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false))?.Text;

        // Only drafts written from research cite sources.
        var inputClaims = researchText is null ? [] : await claims.GetAsync(context.Run.Id, input.Version, context.CancellationToken).ConfigureAwait(false);
        var brand = context.Project.Brand;

        // The rewrite keeps the variants the draft has (a reviewer's edit may have changed them), fixing those flagged.
        var variants = VariantRequest.Of(input.Fields.Variants);
        var task = new DraftTask(
            DraftTask.Rewrite,
            BriefInLanguageOf(context.Run.Brief, input).ForPrompt(),
            brand.VoiceAndTone,
            brand.BannedPhrases,
            brand.RequiredPhrases,
            TargetWords: await TargetWordsAsync(context, input.Fields).ConfigureAwait(false),
            SourceMarkedText.Mark(input.Fields, inputClaims),
            input.GateReport?.Issues ?? [],
            Research: researchText,
            Personas: await GenerateStage.PersonasForAsync(context, audiences).ConfigureAwait(false),
            Variants: variants.Count > 0 ? variants : null);
        var result = await generation.GenerateJsonAsync(context, DraftPrompt.Build(context, task), reply => DraftReply.ParseForRepair(reply, variants)).ConfigureAwait(false);
        var (fields, cited) = SourceMarkedText.Split(result.Value);
        var version = await versions.AddBasedOnAsync(context.Run.Id, ContentVersionKind.Rewritten, fields, input.Version, context.ExecutionKey, context.CancellationToken).ConfigureAwait(false);
        if (cited.Count > 0)
        {
            // No claims reads back as an empty list; skipping the write keeps runs without research a round trip cheaper.
            await claims.SetAsync(context.Run.Id, version, cited, context.CancellationToken).ConfigureAwait(false);
        }

        return new StageOutcome(TypeName, version, Gate: null, Published: false, $"v{version} rewritten from v{input.Version} (round {context.Invocation.Round}) by {result.Calls[^1].Model}{(result.Repaired ? " after a repair" : string.Empty)}");
    }

    // A translation is rewritten in its own language, not the brief's.
    private static ContentBrief BriefInLanguageOf(ContentBrief brief, ContentVersion input) =>
        input.Language is { } language ? brief with { Language = language } : brief;

    /// <summary>
    /// The body length a rewrite aims at: the target of the run's last <c>generate</c> stage before this one, from the
    /// pinned definition; without one (a draft translated or edited into being) the length of the draft itself.
    /// </summary>
    private async Task<int> TargetWordsAsync(StageContext context, ContentFields draft)
    {
        // Read here rather than through PipelineDefinitionStore, which validates with the stage types, this one among them.
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken).ConfigureAwait(false);
        var stagesJson = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT stages::text FROM pipeline_definitions WHERE id = @definitionId AND version = @version",
            new { definitionId = context.Run.DefinitionId, version = context.Run.DefinitionVersion },
            cancellationToken: context.CancellationToken)).ConfigureAwait(false);
        var stages = stagesJson is null ? [] : JsonSerializer.Deserialize<List<StageDefinition>>(stagesJson, PipelineJson.Options) ?? [];
        var generate = stages.Take(context.Invocation.StageIndex).LastOrDefault(stage => stage.Type == GenerateStage.Name);
        if (generate is not null && generate.Config.ValueKind == JsonValueKind.Object)
        {
            return (generate.Config.Deserialize<GenerateStageConfig>(StageConfigJson.Options) ?? new GenerateStageConfig()).TargetWords;
        }

        return Math.Max(GenerateStageConfig.MinTargetWords, WordCount.Of(BodyMarkdown.ToPlainText(draft.Body)));
    }
}
