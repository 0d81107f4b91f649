using ContentFlows.Activities.Content;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.QualityGates;

/// <summary>The <c>quality-gates</c> stage: checks the input version and stores the report with it.</summary>
public sealed class QualityGateStage(ContentVersionStore versions, ResearchStore research) : StageType<QualityGateStageConfig>
{
    /// <summary>The type name in definitions.</summary>
    public const string Name = "quality-gates";

    /// <inheritdoc />
    public override string TypeName => Name;

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
        var sources = new GateSources(researchBrief?.Text, researchBrief?.Warnings ?? [], master);
        var report = QualityGateEvaluator.Evaluate(version.Fields, context.Run.Brief, context.Project.Brand, config, context.Project.Quality, sources);
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
