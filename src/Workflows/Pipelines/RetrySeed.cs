namespace ContentFlows.Workflows.Pipelines;

/// <summary>
/// What a retry starts from: the run it retries, the stage to start at, and the outcomes the earlier stages stored
/// (their content was copied to the new run under the same version numbers), so completed stages are not paid for again.
/// </summary>
/// <param name="OriginalRunId">The failed run.</param>
/// <param name="FromStageIndex">The first stage that runs again (the one that failed).</param>
/// <param name="Reused">The stored outcomes of the stages before it, every round.</param>
public sealed record RetrySeed(Guid OriginalRunId, int FromStageIndex, IReadOnlyList<ReusedStageOutcome> Reused);
