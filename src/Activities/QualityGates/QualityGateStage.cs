using ContentFlows.Activities.Audience;
using ContentFlows.Activities.Citations;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Extraction;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>
/// The <c>quality-gates</c> stage: runs the deterministic checks (source markers included when research ran) and the
/// configured LLM judges on the input version, and stores the merged report with it.
/// </summary>
public sealed class QualityGateStage(
    ContentVersionStore versions,
    SourceClaimStore claims,
    ResearchStore research,
    ExtractionStore extractions,
    AudienceStore audiences,
    LlmQualityJudges judges) : StageType<QualityGateStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "quality-gates";

    /// <inheritdoc />
    public override string TypeName => Name;

    /// <inheritdoc />
    public override string Description => "Checks the draft: lengths, banned and required phrases, a call to action, invented figures, and optional LLM judges; scores it against the threshold.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(QualityGateStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override async Task<StageOutcome> ExecuteAsync(StageContext context, QualityGateStageConfig config)
    {
        var versionNumber = context.RequireInputVersion();
        var version = await versions.GetAsync(context.Run.Id, versionNumber, context.CancellationToken).ConfigureAwait(false);
        var researchBrief = await research.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false);
        var master = version.DerivedFrom is { } masterVersion
            ? (await versions.GetAsync(context.Run.Id, masterVersion, context.CancellationToken).ConfigureAwait(false)).Fields
            : null;
        var sources = new GateSources(researchBrief?.Text, researchBrief?.Warnings ?? [], master)
        {
            SourceIndex = researchBrief?.Sources,
            // Markers are checked against the research's source index, so without research there is nothing to read.
            Claims = researchBrief is null ? [] : await claims.GetAsync(context.Run.Id, versionNumber, context.CancellationToken).ConfigureAwait(false),
        };

        // A version is checked by the rules of its own language: a translation's, not the brief's.
        var language = version.Language ?? context.Run.Brief.Language;
        var rules = context.Project.Quality.RulesFor(language);
        var effective = rules is null ? config : config.WithLanguageRules(rules);
        var report = QualityGateEvaluator.Evaluate(version.Fields, context.Run.Brief, context.Project.Brand, effective, context.Project.Quality, sources);
        if (config.Judges.Count > 0)
        {
            var facts = await extractions.FindLatestAsync(context.Run.Id, context.CancellationToken).ConfigureAwait(false);
            var personas = await GenerateStage.PersonasForAsync(context, audiences).ConfigureAwait(false);
            var (judgments, judgeIssues) = await judges.JudgeAsync(context, config.Judges, version.Fields, researchBrief?.Text, facts, personas).ConfigureAwait(false);
            report = QualityGateEvaluator.WithJudgments(report, judgments, judgeIssues, effective, context.Project.Quality);
        }

        report = report with { Language = language };
        await versions.SetGateReportAsync(context.Run.Id, versionNumber, report, context.CancellationToken).ConfigureAwait(false);
        var codes = report.Issues.Select(i => i.Code).Distinct(StringComparer.Ordinal).ToList();
        return new StageOutcome(
            TypeName,
            versionNumber,
            new GateVerdict(report.Passed, report.Score, codes),
            Published: false,
            $"v{versionNumber} {(report.Passed ? "passed" : "failed")} with score {report.Score} ({report.Issues.Count} issue(s))");
    }
}
