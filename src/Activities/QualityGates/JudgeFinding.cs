namespace ContentFlows.Activities.QualityGates;

/// <summary>One issue a judge reports.</summary>
/// <param name="Severity">How bad it is.</param>
/// <param name="Field">The field concerned ("title", "metaDescription", "h1", "body", "cta").</param>
/// <param name="Message">What is wrong.</param>
/// <param name="FixSuggestion">How to fix it.</param>
/// <param name="Evidence">The offending text, when there is one.</param>
public sealed record JudgeFinding(IssueSeverity Severity, string Field, string Message, string FixSuggestion, string? Evidence = null);
