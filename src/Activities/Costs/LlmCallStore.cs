using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Costs;

/// <summary>Stores a cost row per LLM call; costs roll up per run (and per project through the run).</summary>
public sealed class LlmCallStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    // Names and types match LlmCostGroup's constructor parameters, which Dapper calls.
    private const string GroupColumns =
        "stage AS Stage, model AS Model, count(*)::bigint AS Calls, SUM(prompt_tokens)::bigint AS PromptTokens, SUM(completion_tokens)::bigint AS CompletionTokens, SUM(cost) AS Cost";

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

    /// <summary>Rolls up a run's calls by stage type and model.</summary>
    public async Task<LlmCostSummary> SummarizeRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var groups = await connection.QueryAsync<LlmCostGroup>(new CommandDefinition(
            $"""
            SELECT {GroupColumns} FROM llm_calls
            WHERE run_id = @runId
            GROUP BY stage, model ORDER BY stage, model
            """,
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return LlmCostSummary.Of(groups.ToList());
    }

    /// <summary>Rolls up the calls of a project's runs made in [<paramref name="from"/>, <paramref name="to"/>) by stage type and model.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="from">The first instant counted; null for no lower bound.</param>
    /// <param name="to">The first instant not counted; null for no upper bound.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<LlmCostSummary> SummarizeProjectAsync(Guid projectId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var groups = await connection.QueryAsync<LlmCostGroup>(new CommandDefinition(
            $"""
            SELECT {GroupColumns} FROM llm_calls
            WHERE run_id IN (SELECT id FROM pipeline_runs WHERE project_id = @projectId)
              AND (@from::timestamptz IS NULL OR created_at >= @from)
              AND (@to::timestamptz IS NULL OR created_at < @to)
            GROUP BY stage, model ORDER BY stage, model
            """,
            new { projectId, from = from?.UtcDateTime, to = to?.UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return LlmCostSummary.Of(groups.ToList());
    }
}
