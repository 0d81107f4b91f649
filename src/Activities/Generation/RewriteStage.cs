using ContentFlows.Activities.Content;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>The <c>rewrite</c> stage: regenerates the input version with its gate findings as feedback, stored as a new version.</summary>
public sealed class RewriteStage(MeteredTextGeneration generation, ContentVersionStore versions, ResearchStore research) : StageType<RewriteStageConfig>
{
    /// <inheritdoc />
    public override string TypeName => PipelineStageTypes.Rewrite;

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(RewriteStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, RewriteStageConfig config)
    {
        var input = await versions.GetAsync(context.Run.Id, context.RequireInputVersion(), context.CancellationToken).ConfigureAwait(false);
        var brand = context.Project.Brand;
        var task = new DraftTask(
            DraftTask.Rewrite,
            context.Run.Brief,
            brand.VoiceAndTone,
            brand.BannedPhrases,
            brand.RequiredPhrases,
            TargetWords: 300,
            input.Fields,
            input.GateReport?.Issues ?? [],
            Research: (await research.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false))?.Text);
        var result = await generation.GenerateJsonAsync(context, DraftPrompt.Build(task), DraftReply.ParseForRepair).ConfigureAwait(false);
        var fields = result.Value;
        var version = await versions.AddAsync(context.Run.Id, ContentVersionKind.Rewritten, fields, context.ExecutionKey, context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(TypeName, version, Gate: null, Published: false, $"v{version} rewritten from v{input.Version} (round {context.Invocation.Round}) by {result.Calls[^1].Model}{(result.Repaired ? " after a repair" : string.Empty)}");
    }
}
