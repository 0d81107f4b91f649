using System.Text;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Feeds;

/// <summary>
/// The <c>feeds</c> stage: reads RSS and Atom feeds through the egress policy and keeps the items no earlier run of
/// the project took (by id, else link; duplicates across feeds count once). The new items are stored for the
/// <c>digest</c> stage and as the run's research brief — each item a source — so the gates check the digest's
/// figures against them. Unreachable or malformed feeds and malformed items are degradation warnings, not failures.
/// </summary>
public sealed class FeedsStage(FeedReader reader, FeedItemStore store, ResearchStore research) : StageType<FeedsStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "feeds";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Reads RSS and Atom feeds and keeps only the items no earlier run of the project took, as the research for a digest.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(FeedsStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, FeedsStageConfig config)
    {
        var candidates = new List<FeedItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var readFeeds = 0;
        foreach (var feed in config.Feeds.Distinct(StringComparer.Ordinal))
        {
            var read = await reader.ReadAsync(feed, config.MaxItemsPerFeed, TimeSpan.FromSeconds(config.FetchTimeoutSeconds), context.CancellationToken).ConfigureAwait(false);
            warnings.AddRange(read.Warnings);
            readFeeds += read.Items.Count > 0 || read.Warnings.Count == 0 ? 1 : 0;
            candidates.AddRange(read.Items.Where(item => keys.Add(item.Key)));
        }

        var collection = await store.ClaimAsync(context.Project.Id, context.Run.Id, context.Invocation.StageIndex, candidates, warnings, context.CancellationToken).ConfigureAwait(false);
        await research.SaveAsync(context.Run.Id, context.Invocation.StageIndex, AsResearch(collection, config.Feeds.Count, readFeeds), context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(
            TypeName,
            context.Invocation.InputVersion,
            Gate: null,
            Published: false,
            $"{collection.Items.Count} new item(s) of {candidates.Count} from {readFeeds}/{config.Feeds.Count} feed(s){(warnings.Count > 0 ? "; " + string.Join(" ", warnings) : string.Empty)}");
    }

    private static ResearchBrief AsResearch(FeedCollection collection, int feeds, int readFeeds)
    {
        var text = new StringBuilder();
        var sources = new List<ResearchSourceEntry>();
        for (var i = 0; i < collection.Items.Count; i++)
        {
            var item = collection.Items[i];
            var marker = $"S{i + 1}";
            var excerpt = $"{item.Title}\n{item.Summary}".Trim();
            text.Append('[').Append(marker).Append("] ").Append(excerpt).Append("\n\n");
            sources.Add(new ResearchSourceEntry(marker, BriefSourceKind.Url, item.Link, item.Title, Read: true, excerpt.Length, null));
        }

        var score = feeds == 0 ? 100 : (int)Math.Round(100.0 * readFeeds / feeds);
        return new ResearchBrief(text.ToString().TrimEnd(), score, sources, collection.Warnings);
    }
}
