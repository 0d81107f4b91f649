using System.Text;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Feeds;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Prompts;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Digests;

/// <summary>
/// The <c>digest</c> stage: the LLM scores each new feed item of the run for relevance to the brief (score and
/// reason, as validated JSON, repaired once), and the best <see cref="DigestStageConfig.MinItems"/> to
/// <see cref="DigestStageConfig.MaxItems"/> items above the minimum score become a version — title, the reason in the
/// brief's language and the source link per item — for the usual gates, approval and publishing.
/// </summary>
public sealed class DigestStage(MeteredTextGeneration generation, FeedItemStore feeds, ContentVersionStore versions) : StageType<DigestStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "digest";

    /// <summary>The default system prompt.</summary>
    public const string DefaultSystem =
        "You are a news editor. Reply with one JSON object {\"scores\": [...]} holding, for every item of the task, an " +
        "object with its index (integer), score (0-100: how relevant and useful it is to the brief's audience and topic) " +
        "and reason (one sentence, in the brief's language, saying why it matters to them), and nothing else.";

    /// <summary>The default user instruction.</summary>
    public const string DefaultUser = "Score these news items for the digest.";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Scores new feed items with the LLM and writes a digest of the best ones with their source links.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(DigestStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, DigestStageConfig config)
    {
        var collection = await feeds.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new StageConfigurationException($"The digest stage (index {context.Invocation.StageIndex}) needs a feeds stage before it.");
        var items = collection.Items.Take(config.MaxTriageItems).ToList();
        var brief = context.Run.Brief;
        IReadOnlyList<(FeedItem Item, DigestItemScore Score)> chosen = [];
        var model = "none";
        if (items.Count > 0)
        {
            var task = new DigestTriageTask(brief.ForPrompt(), items.Select((item, index) => new DigestCandidate(index, item.Title, item.Summary, item.Link)).ToList());
            var result = await generation.GenerateJsonAsync(
                context,
                StagePrompts.Build(context, Name, DefaultSystem, DefaultUser, task),
                reply => DigestTriageReply.Parse(reply, items.Count)).ConfigureAwait(false);
            model = result.Calls[^1].Model;
            chosen = result.Value.Scores
                .Where(s => s.Score >= config.MinScore)
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.Index)
                .Take(config.MaxItems)
                .Select(s => (items[s.Index], s))
                .ToList();
        }

        var fields = Compose(brief, chosen);
        var version = await versions.AddAsync(context.Run.Id, ContentVersionKind.Generated, fields, context.ExecutionKey, context.CancellationToken).ConfigureAwait(false);
        var shortBy = chosen.Count < config.MinItems ? $"; only {chosen.Count} item(s) reached score {config.MinScore} (at least {config.MinItems} wanted)" : string.Empty;
        return new StageOutcome(TypeName, version, Gate: null, Published: false, $"v{version}: digest of {chosen.Count} of {items.Count} new item(s), triaged by {model}{shortBy}");
    }

    private static ContentFields Compose(ContentBrief brief, IReadOnlyList<(FeedItem Item, DigestItemScore Score)> chosen)
    {
        var body = new StringBuilder();
        foreach (var (item, score) in chosen)
        {
            body.Append(item.Title).Append('\n').Append(score.Reason.Trim()).Append('\n').Append("Source: ").Append(item.Link).Append("\n\n");
        }

        if (chosen.Count == 0)
        {
            body.Append("No new items were relevant enough for this digest.\n\n");
        }

        var title = brief.Topic.Length <= 60 ? brief.Topic : brief.Topic[..60].TrimEnd();
        var description = chosen.Count == 0 ? $"{brief.Topic}: nothing new this time." : $"{brief.Topic}: {string.Join("; ", chosen.Select(c => c.Item.Title))}";
        return new ContentFields(title, description.Length <= 155 ? description : description[..152].TrimEnd() + "...", brief.Topic, body.ToString().TrimEnd(), string.Empty);
    }
}
