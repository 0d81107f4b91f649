using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Publishing;

/// <summary>The <c>publish</c> stage: publishes the input version to the configured channel, at most once per run and stage.</summary>
public sealed class PublishStage(StaticSitePublisher staticSite) : StageType<PublishStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "publish";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override bool PublishesContent => true;

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(PublishStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, PublishStageConfig config)
    {
        var version = context.RequireInputVersion();

        // The key names the run, the stage and the version: a retried activity finds its earlier publication.
        var idempotencyKey = $"{context.Run.Id:N}:{context.ExecutionKey}:v{version}";
        var publication = await staticSite.PublishAsync(context.Project, context.Run.Id, version, idempotencyKey, context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(TypeName, publication.PublishedVersion, Gate: null, Published: true, $"v{version} published to {publication.Location}{(publication.AlreadyPublished ? " (already published)" : string.Empty)}");
    }
}
