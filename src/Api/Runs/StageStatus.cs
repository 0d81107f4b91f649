namespace ContentFlows.Api.Runs;

/// <summary>
/// One stage of a run as the API reports it: <c>pending</c>, <c>running</c> (with the attempt; an approval or review
/// waiting for a person has none), <c>done</c>, <c>failed</c> (with the error) or <c>skipped</c> (the run went past it
/// or ended without it: a rewrite whose gates passed, the stages after a rejection or a failure).
/// </summary>
internal sealed record StageStatus(
    int Index,
    string Type,
    string Status,
    int? Attempt,
    int Rounds,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    bool Reused);
