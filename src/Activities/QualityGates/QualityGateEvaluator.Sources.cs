using ContentFlows.Activities.Projects;

namespace ContentFlows.Activities.QualityGates;

/// <content>Source markers checked against the research's source index, and the LLM judges' findings merged into a report.</content>
public static partial class QualityGateEvaluator
{
    /// <summary>
    /// Adds the judges' issues to a report and scores it again: the score is the lower of the issue-based score (the
    /// judges' issues counted like any other) and the lowest judge score, so a judge that finds the whole draft weak
    /// holds it back even when it names few issues.
    /// </summary>
    public static QualityGateReport WithJudgments(QualityGateReport report, IReadOnlyList<QualityJudgment> judgments, IReadOnlyList<QualityIssue> judgeIssues, QualityGateStageConfig config, QualityThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentNullException.ThrowIfNull(judgeIssues);
        var rescored = Score([.. report.Issues, .. judgeIssues], config, thresholds);
        var score = Math.Min(rescored.Score, judgments.Count == 0 ? 100 : judgments.Min(j => j.Score));
        var passed = score >= rescored.MinScore && rescored.Issues.All(i => i.Severity != IssueSeverity.Error);
        return rescored with { Score = score, Passed = passed, Judgments = judgments };
    }

    // Runs without research have no source index: their markers, if any, are not checked.
    private static void CheckSourceMarkers(GateSources sources, List<QualityIssue> issues)
    {
        if (sources.SourceIndex is not { } index)
        {
            return;
        }

        var known = index.ToDictionary(s => s.Marker, StringComparer.Ordinal);
        var range = index.Count == 0 ? "none" : string.Join(", ", index.Select(s => s.Marker));
        foreach (var claim in sources.Claims)
        {
            foreach (var marker in claim.Markers)
            {
                if (!known.TryGetValue(marker, out var source))
                {
                    issues.Add(new QualityIssue(
                        "unknown-source-marker",
                        IssueSeverity.Error,
                        claim.Field,
                        $"The {claim.Field} cites [{marker}] for \"{claim.Claim}\", but the research has no such source (sources: {range}).",
                        "Cite the source that states it, or remove the claim.",
                        marker));
                }
                else if (!source.Read)
                {
                    issues.Add(new QualityIssue(
                        "unread-source-marker",
                        IssueSeverity.Warning,
                        claim.Field,
                        $"The {claim.Field} cites [{marker}] ({source.Title}) for \"{claim.Claim}\", but that source could not be read.",
                        "Check the claim against a source that was read, or supply the source's text and run again.",
                        marker));
                }
            }
        }
    }
}
