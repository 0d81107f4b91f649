using ContentFlows.Activities.Content;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Prompts;
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

        // Keyed like any stage's output, so a retried activity finds both versions instead of adding more. The copy is in
        // the master's language, not the brief's (which is this run's target language).
        var copy = await versions.AddInLanguageAsync(context.Run.Id, ContentVersionKind.Generated, master.Fields, config.MasterLanguage, context.ExecutionKey + ":master", context.CancellationToken).ConfigureAwait(false);

        // The master's variants are content too: a translation without them would lose their figures (and their use).
        var wanted = VariantRequest.Of(master.Fields.Variants);
        var task = new TranslateTask(config.MasterLanguage, config.Language, master.Fields, context.Project.Brand.Glossary);

        // A batch's translations are translations: the project's (and the run's) translate prompt and model apply.
        var result = await generation.GenerateJsonAsync(
            context,
            TranslateStage.Name,
            StagePrompts.Build(context, TranslateStage.Name, TranslateStage.DefaultSystemPrompt, $"Localize this content from {config.MasterLanguage} into {config.Language}.", task),
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
