using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Costs;

/// <summary>Stores a cost row per LLM call; costs roll up per run (and per project through the run).</summary>
public sealed class LlmCallStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Stores one call.</summary>
    public async Task AddAsync(LlmCallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO llm_calls (id, run_id, stage, model, prompt_tokens, completion_tokens, cost, created_at)
            VALUES (@id, @RunId, @Stage, @Model, @PromptTokens, @CompletionTokens, @Cost, @now)
            """,
            new { id = Guid.CreateVersion7(timeProvider.GetUtcNow()), call.RunId, call.Stage, call.Model, call.PromptTokens, call.CompletionTokens, call.Cost, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a run's calls in the order they were made.</summary>
    public async Task<IReadOnlyList<LlmCallRecord>> ListAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Stage, string Model, int PromptTokens, int CompletionTokens, decimal Cost)>(new CommandDefinition(
            "SELECT stage, model, prompt_tokens, completion_tokens, cost FROM llm_calls WHERE run_id = @runId ORDER BY created_at, id",
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new LlmCallRecord(runId, r.Stage, r.Model, r.PromptTokens, r.CompletionTokens, r.Cost)).ToList();
    }
}
