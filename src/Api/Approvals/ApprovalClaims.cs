using Dapper;
using Npgsql;

namespace ContentFlows.Api.Approvals;

/// <summary>
/// The one claim per approval stage of a run that a reviewer must take before the API signals the workflow. The
/// workflow keeps only the first decision it receives, so the claim, not the signal, decides whose decision is accepted.
/// </summary>
internal sealed class ApprovalClaims(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Claims the decision on approval stage <paramref name="stageIndex"/> of a run, atomically: of concurrent callers
    /// exactly one gets a claim id. The stage is the round: a later approval stage of the run is free to claim even though
    /// the earlier claim stays recorded, and a request about an earlier stage than the one claimed never gets it.
    /// </summary>
    /// <returns>The claim id, or null when someone holds the claim (or the run was cancelled).</returns>
    public async Task<Guid?> TryClaimAsync(Guid runId, int stageIndex, string reviewer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            UPDATE pipeline_runs
            SET decision_claim_stage = @stageIndex, decision_claim_id = @claimId, decision_claimed_by = @reviewer, decision_claimed_at = @now
            WHERE id = @runId
              AND cancelled_at IS NULL
              AND (decision_claim_stage IS NULL
                   OR decision_claim_stage < @stageIndex
                   OR (decision_claim_stage = @stageIndex AND decision_claim_id IS NULL))
            RETURNING decision_claim_id
            """,
            new { runId, stageIndex, claimId = Guid.NewGuid(), reviewer, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Who holds the claim on stage <paramref name="stageIndex"/> (or a later one) of a run; null when nobody does.</summary>
    public async Task<string?> FindHolderAsync(Guid runId, int stageIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT decision_claimed_by FROM pipeline_runs WHERE id = @runId AND decision_claim_stage >= @stageIndex AND decision_claim_id IS NOT NULL",
            new { runId, stageIndex },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives back a claim whose decision never reached the workflow, so the stage can be decided again. Only the holder's
    /// own claim is released: a claim someone else took since is left alone.
    /// </summary>
    public async Task ReleaseAsync(Guid runId, Guid claimId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipeline_runs
            SET decision_claim_id = NULL, decision_claimed_by = NULL, decision_claimed_at = NULL
            WHERE id = @runId AND decision_claim_id = @claimId
            """,
            new { runId, claimId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
