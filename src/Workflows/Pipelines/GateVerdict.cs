namespace ContentFlows.Workflows.Pipelines;

/// <summary>The small summary of a quality-gate report the workflow decides on; the full report lives with the version.</summary>
/// <param name="Passed">Whether the version passed the gates.</param>
/// <param name="Score">The 0–100 score.</param>
/// <param name="IssueCodes">The codes of the issues found, for status and history readers.</param>
public sealed record GateVerdict(bool Passed, int Score, IReadOnlyList<string> IssueCodes);
