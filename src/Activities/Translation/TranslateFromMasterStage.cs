using ContentFlows.Activities.Content;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Translation;

/// <summary>
/// The <c>translate-from-master</c> stage, first stage of a batch's translation child: copies the master run's final
/// version into this run (so the gates can check the translation against it, as for the <c>translate</c> stage) and
/// stores its translation as the version the rest of the pipeline works on.
/// </summary>
public sealed class TranslateFromMasterStage(MeteredTextGeneration generation, ContentVersionStore versions) : StageType<TranslateFromMasterStageConfig>
{
    /// <summary>The type name, as the batch workflow writes it.</summary>
    public const string Name = BatchTranslationDefinition.TranslateFromMasterStageType;

    private const string System =
        "You localize marketing content for native readers. Reply with one JSON object with the string fields " +
        "title, metaDescription, h1, body and cta, and nothing else. Keep every number exactly as written, " +
        "keep the meaning and the brand's glossary terms, and adapt idioms rather than translating word for word. " +
        "When the content has variants, also write the field variants: the same {\"kind\", \"text\"} objects, each text localized, in the same order.";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Copies a batch's master-language version into this run and translates it (first stage of a translation child).";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(TranslateFromMasterStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, TranslateFromMasterStageConfig config)
    {
        var masterVersion = config.MasterVersion ?? throw new StageConfigurationException("The translate-from-master stage needs the master's version.");
        var master = await versions.GetAsync(config.MasterRunId, masterVersion, context.CancellationToken).ConfigureAwait(false);

        // Keyed like any stage's output, so a retried activity finds both versions instead of adding more.
        var copy = await versions.AddAsync(context.Run.Id, ContentVersionKind.Generated, master.Fields, context.ExecutionKey + ":master", context.CancellationToken).ConfigureAwait(false);
        // The master's variants are content too: a translation without them would lose their figures (and their use).
        var wanted = VariantRequest.Of(master.Fields.Variants);
        var task = new TranslateTask(config.MasterLanguage, config.Language, master.Fields, context.Project.Brand.Glossary);
        var result = await generation.GenerateJsonAsync(
            context,
            FencedTask.Build(System, $"Localize this content from {config.MasterLanguage} into {config.Language}.", task),
            reply => DraftReply.ParseForRepair(reply, wanted)).ConfigureAwait(false);
        var version = await versions.AddTranslationAsync(context.Run.Id, result.Value, context.ExecutionKey, config.Language, copy, context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(
            TypeName,
            version,
            Gate: null,
            Published: false,
            $"v{version} translated into {config.Language} from master run {config.MasterRunId} v{masterVersion} (copied as v{copy}) by {result.Calls[^1].Model}");
    }
}
