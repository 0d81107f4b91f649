using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// The <c>publish</c> stage: publishes the input version to each configured channel in order, at most once per run,
/// stage, version and channel. A channel already published on an earlier attempt is skipped, so a retry after one
/// channel failed only redoes what is missing.
/// </summary>
public sealed class PublishStage(StaticSitePublisher staticSite, WebhookPublisher webhook, WordPressPublisher wordPress, PublicationScheduleStore schedules) : StageType<PublishStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "publish";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Publishes the approved version to its channels: static files, a signed webhook or a WordPress draft.";

    /// <inheritdoc />
    public override bool PublishesContent => true;

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(PublishStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, PublishStageConfig config)
    {
        var version = context.RequireInputVersion();

        // The key names the run, the stage and the version: a retried activity finds its earlier publication.
        var stageKey = $"{context.Run.Id:N}:{context.ExecutionKey}:v{version}";
        var channels = config.EffectiveChannels();

        // A run publishing at scheduled times names the channels due now; each keeps its index, so its key stays the same.
        var due = context.Invocation.Channels;
        var publications = new List<Publication>(channels.Count);
        try
        {
            for (var index = 0; index < channels.Count; index++)
            {
                if (due is null || due.Contains(channels[index].EffectiveName, StringComparer.Ordinal))
                {
                    publications.Add(await PublishAsync(context, channels[index], index, version, stageKey).ConfigureAwait(false));
                }
            }
        }
        catch (PublishChannelException e)
        {
            // Temporal's retry policy is the one retry loop: it gets the error type, the retryability and Retry-After.
            throw e.ToApplicationFailure();
        }

        if (publications.Count == 0)
        {
            throw new StageConfigurationException($"The publish stage has no channel named {string.Join(", ", due ?? [])}; its channels: {string.Join(", ", channels.Select(c => c.EffectiveName))}.");
        }

        await schedules.MarkPublishedAsync(context.Run.Id, channels.Select(c => c.EffectiveName).Where(name => due is null || due.Contains(name, StringComparer.Ordinal)), context.CancellationToken).ConfigureAwait(false);
        var where = string.Join(", ", publications.Select(p => p.Location + (p.AlreadyPublished ? " (already published)" : string.Empty)));
        return new StageOutcome(TypeName, publications[0].PublishedVersion, Gate: null, Published: true, $"v{version} published to {where}");
    }

    private Task<Publication> PublishAsync(StageContext context, PublishChannelConfig channel, int index, int version, string stageKey)
    {
        if (channel.Type == PublishChannelTypes.StaticFiles)
        {
            // The static-files key predates the other channels and stays as it was, so runs in flight keep their rows.
            return staticSite.PublishAsync(context.Project, context.Run.Id, version, stageKey, context.Run.Brief.Language, context.CancellationToken);
        }

        // All channels of a stage share one "published" snapshot: the source key the static-files channel uses too.
        var request = new ChannelPublishRequest(context.Project, context.Run.Id, version, $"{stageKey}:{channel.Type}:{index}", $"publish:{stageKey}", context.Run.Brief.Language);
        return channel.Type switch
        {
            PublishChannelTypes.Webhook => webhook.PublishAsync(request, channel, context.CancellationToken),
            PublishChannelTypes.WordPress => wordPress.PublishAsync(request, channel, context.CancellationToken),
            _ => throw new StageConfigurationException($"The publish stage has no channel \"{channel.Type}\"; known: {string.Join(", ", PublishChannelTypes.All)}."),
        };
    }
}
