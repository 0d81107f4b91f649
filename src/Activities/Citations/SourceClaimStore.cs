using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Citations;

/// <summary>Stores the claim → source list of a content version, in the version's row.</summary>
public sealed class SourceClaimStore(NpgsqlDataSource dataSource)
{
    /// <summary>Sets a version's claims (a retried stage sets the same list again).</summary>
    public async Task SetAsync(Guid runId, int version, IReadOnlyList<SourceClaim> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE content_versions SET source_claims = @claims::jsonb WHERE run_id = @runId AND version = @version",
            new { runId, version, claims = JsonSerializer.Serialize(claims, PipelineJson.Options) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a version's claims; empty when it has none (edited and published versions, runs without research).</summary>
    public async Task<IReadOnlyList<SourceClaim>> GetAsync(Guid runId, int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var json = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT source_claims::text FROM content_versions WHERE run_id = @runId AND version = @version",
            new { runId, version },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? [] : JsonSerializer.Deserialize<List<SourceClaim>>(json, PipelineJson.Options) ?? [];
    }
}
