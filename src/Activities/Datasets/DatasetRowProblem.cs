namespace ContentFlows.Activities.Datasets;

/// <summary>Why one uploaded row was not stored.</summary>
/// <param name="Line">The 1-based line the row starts on (for CSV the header is line 1).</param>
/// <param name="Field">The field at fault, or null when the row as a whole is (bad JSON, wrong field count).</param>
/// <param name="Problem">What is wrong, in words an uploader can act on.</param>
public sealed record DatasetRowProblem(int Line, string? Field, string Problem);
