namespace ContentFlows.Api.Batches;

/// <summary>
/// Starts a batch: every item of a dataset through a definition (its latest version unless <see cref="DefinitionVersion"/>
/// pins one), in each language. The master language (default: the first) runs first; the others translate its result.
/// </summary>
internal sealed record StartBatchRequest(
    Guid? DatasetId,
    Guid? DefinitionId,
    int? DefinitionVersion,
    IReadOnlyList<string>? Languages,
    string? MasterLanguage,
    int? MaxConcurrency,
    int? RetryWindowSeconds);
