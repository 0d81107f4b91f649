namespace ContentFlows.Activities.Datasets;

/// <summary>The outcome of an upload: the good rows are stored, the bad ones reported.</summary>
/// <param name="DatasetId">The stored dataset.</param>
/// <param name="StoredRows">How many rows were stored (the dataset's item count).</param>
/// <param name="BadRowCount">How many rows were refused.</param>
/// <param name="Problems">The problems, at most <see cref="DatasetImporter.MaxReportedProblems"/> of them; a row may have several.</param>
public sealed record DatasetImportReport(Guid DatasetId, int StoredRows, int BadRowCount, IReadOnlyList<DatasetRowProblem> Problems);
