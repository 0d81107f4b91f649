namespace ContentFlows.Api.Runs;

/// <summary>What an Idempotency-Key lookup found: the run, whether it was started earlier, and whether the earlier request differed.</summary>
internal sealed record IdempotencyOutcome(Guid? RunId, bool Replayed, bool Conflict);
