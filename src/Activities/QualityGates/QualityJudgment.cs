namespace ContentFlows.Activities.QualityGates;

/// <summary>One LLM judge's verdict as kept in a gate report; its issues are in the report's issue list under the judge's name as code.</summary>
/// <param name="Judge">The judge, one of <see cref="QualityJudgeNames"/>.</param>
/// <param name="Score">The judge's 0–100 score.</param>
/// <param name="Model">The model that judged.</param>
public sealed record QualityJudgment(string Judge, int Score, string Model);
