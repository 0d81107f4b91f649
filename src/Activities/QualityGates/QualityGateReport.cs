namespace ContentFlows.Activities.QualityGates;

/// <summary>The result of the quality gates on one version, stored with it.</summary>
/// <param name="Score">0–100.</param>
/// <param name="Passed">No errors and at least <paramref name="MinScore"/>.</param>
/// <param name="MinScore">The bar that applied.</param>
/// <param name="Issues">Every finding, the LLM judges' included.</param>
/// <param name="Judgments">The LLM judges' verdicts when the stage ran judges; null otherwise.</param>
public sealed record QualityGateReport(int Score, bool Passed, int MinScore, IReadOnlyList<QualityIssue> Issues, IReadOnlyList<QualityJudgment>? Judgments = null)
{
    /// <summary>Gets the language whose rules the version was checked by; null in reports stored before languages had rules.</summary>
    public string? Language { get; init; }
}
