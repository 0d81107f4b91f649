using ContentFlows.Activities.Content;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Translation;

/// <summary>
/// The <c>translate</c> stage: localizes the master-language version into the configured language and stores it as a
/// new version derived from the master; the quality gates then check that every figure of the master survived.
/// </summary>
public sealed class TranslateStage(MeteredTextGeneration generation, ContentVersionStore versions) : StageType<TranslateStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "translate";

    /// <summary>The default system prompt of a translation (the <c>translate</c> prompt key overrides it).</summary>
    public const string DefaultSystemPrompt =
        "You localize marketing content for native readers. Reply with one JSON object with the string fields " +
        "title, metaDescription, h1, body and cta, and nothing else. Keep every number exactly as written, " +
        "keep the meaning and the brand's glossary terms, and adapt idioms rather than translating word for word. " +
        "When the content has variants, also write the field variants: the same {\"kind\", \"text\"} objects, each text localized, in the same order.";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Translates the current version into another language, keeping every figure of the original.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(TranslateStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, TranslateStageConfig config)
    {
        var master = await versions.GetAsync(context.Run.Id, context.RequireInputVersion(), context.CancellationToken).ConfigureAwait(false);
        var sourceLanguage = master.Language ?? context.Run.Brief.Language;
        // The master's variants are content too: a translation without them would lose their figures (and their use).
        var wanted = VariantRequest.Of(master.Fields.Variants);
        var task = new TranslateTask(sourceLanguage, config.Language, master.Fields, context.Project.Brand.Glossary);
        var result = await generation.GenerateJsonAsync(
            context,
            StagePrompts.Build(context, Name, DefaultSystemPrompt, $"Localize this content from {sourceLanguage} into {config.Language}.", task),
            reply => DraftReply.ParseForRepair(reply, wanted)).ConfigureAwait(false);
        var version = await versions.AddTranslationAsync(context.Run.Id, result.Value, context.ExecutionKey, config.Language, master.Version, context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(TypeName, version, Gate: null, Published: false, $"v{version} translated into {config.Language} from v{master.Version} by {result.Calls[^1].Model}");
    }
}
