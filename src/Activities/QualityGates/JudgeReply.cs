namespace ContentFlows.Activities.QualityGates;

/// <summary>A judge's structured reply.</summary>
/// <param name="Score">0–100: how well the content does on this judge's criterion.</param>
/// <param name="Issues">What the judge found, each with a severity and a fix.</param>
public sealed record JudgeReply(int Score, IReadOnlyList<JudgeFinding> Issues);
