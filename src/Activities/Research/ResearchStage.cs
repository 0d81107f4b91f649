using System.Text;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Research;

/// <summary>
/// The <c>research</c> stage: reads the brief's sources (inline texts, files, URLs) into a research brief with a source
/// index, stored in PostgreSQL for the stages after it. The brief quotes the sources (extractive, no LLM), so every
/// figure in it comes from a source. An unreadable source is a degradation warning and lowers the score, not a failure.
/// </summary>
public sealed class ResearchStage(SourceReader reader, ResearchStore store) : StageType<ResearchStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "research";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Reads the brief's sources (texts and URLs) into a research brief the later stages cite.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(ResearchStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, ResearchStageConfig config)
    {
        var sources = context.Run.Brief.Sources ?? [];
        var entries = new List<ResearchSourceEntry>();
        var text = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var marker = $"S{i + 1}";
            var location = source.Kind == BriefSourceKind.Text ? "inline" : source.Value;
            var title = string.IsNullOrWhiteSpace(source.Title) ? location : source.Title;
            var (read, warning) = await reader.ReadAsync(source, TimeSpan.FromSeconds(config.FetchTimeoutSeconds), context.CancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                entries.Add(new ResearchSourceEntry(marker, source.Kind, location, title, Read: false, 0, $"Source {marker} ({title}) was left out: {warning}."));
                continue;
            }

            var excerpt = read.Length <= config.MaxCharactersPerSource ? read : read[..config.MaxCharactersPerSource];
            text.Append('[').Append(marker).Append("] ").Append(title).Append('\n').Append(excerpt).Append("\n\n");
            entries.Add(new ResearchSourceEntry(marker, source.Kind, location, title, Read: true, excerpt.Length, null));
        }

        var readCount = entries.Count(e => e.Read);
        var score = entries.Count == 0 ? 100 : (int)Math.Round(100.0 * readCount / entries.Count);
        var warnings = entries.Where(e => e.Warning is not null).Select(e => e.Warning!).ToList();
        await store.SaveAsync(context.Run.Id, context.Invocation.StageIndex, new ResearchBrief(text.ToString().TrimEnd(), score, entries, warnings), context.CancellationToken).ConfigureAwait(false);
        return new StageOutcome(
            TypeName,
            context.Invocation.InputVersion,
            Gate: null,
            Published: false,
            $"research brief from {readCount}/{entries.Count} source(s), score {score}{(warnings.Count > 0 ? "; " + string.Join(" ", warnings) : string.Empty)}");
    }
}
