namespace ContentFlows.Activities.Approvals;

/// <summary>One field's text before and after an edit.</summary>
/// <param name="Before">The text before; null when there was no previous version.</param>
/// <param name="After">The text after.</param>
public sealed record FieldChange(string? Before, string After);
