namespace ContentFlows.Api.Content;

/// <summary>What changed between two content versions of a run: the changed fields only, in page order.</summary>
/// <param name="RunId">The run.</param>
/// <param name="From">The earlier (or left-hand) version.</param>
/// <param name="To">The later (or right-hand) version.</param>
/// <param name="Changes">The changed fields; empty when the versions have the same content.</param>
internal sealed record ContentVersionDiff(Guid RunId, int From, int To, IReadOnlyList<ContentFieldDiff> Changes);
