namespace ContentFlows.Activities.QualityGates;

/// <summary>One finding of the quality gates, with a fix the rewrite stage (or a person) can apply.</summary>
/// <param name="Code">A stable code, for example "forbidden-phrase" or "invented-number".</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Field">The content field concerned ("title", "metaDescription", "h1", "body", "cta").</param>
/// <param name="Message">What is wrong.</param>
/// <param name="FixSuggestion">How to fix it.</param>
/// <param name="Evidence">The offending text (phrase, number, keyword), when there is one.</param>
public sealed record QualityIssue(string Code, IssueSeverity Severity, string Field, string Message, string FixSuggestion, string? Evidence = null);
