using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Costs;

/// <summary>
/// Stores a cost row per LLM call (with the model that answered, the price and currency it was costed at) and sums them
/// by model, stage, day, run or batch, for a run, a batch or a whole project.
/// </summary>
public sealed class LlmCallStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Stores one call.</summary>
    public async Task AddAsync(LlmCallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO llm_calls (id, run_id, stage, model, prompt_tokens, completion_tokens, cost, created_at, currency, requested_model, priced_as, input_price_per_1m, output_price_per_1m)
            VALUES (@id, @RunId, @Stage, @Model, @PromptTokens, @CompletionTokens, @Cost, @now, @Currency, @RequestedModel, @PricedAs, @InputPricePer1M, @OutputPricePer1M)
            """,
            new
            {
                id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
                call.RunId,
                call.Stage,
                call.Model,
                call.PromptTokens,
                call.CompletionTokens,
                call.Cost,
                now = timeProvider.GetUtcNow().UtcDateTime,
                call.Currency,
                call.RequestedModel,
                call.PricedAs,
                call.InputPricePer1M,
                call.OutputPricePer1M,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a run's calls in the order they were made.</summary>
    public async Task<IReadOnlyList<LlmCallRecord>> ListAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CallRow>(new CommandDefinition(
            """
            SELECT stage AS Stage, model AS Model, prompt_tokens AS PromptTokens, completion_tokens AS CompletionTokens, cost AS Cost, currency AS Currency,
                   requested_model AS RequestedModel, priced_as AS PricedAs, input_price_per_1m AS InputPricePer1M, output_price_per_1m AS OutputPricePer1M
            FROM llm_calls WHERE run_id = @runId ORDER BY created_at, id
            """,
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new LlmCallRecord(runId, r.Stage, r.Model, r.PromptTokens, r.CompletionTokens, r.Cost)
        {
            Currency = r.Currency,
            RequestedModel = r.RequestedModel,
            PricedAs = r.PricedAs,
            InputPricePer1M = r.InputPricePer1M,
            OutputPricePer1M = r.OutputPricePer1M,
        }).ToList();
    }

    /// <summary>Sums a project's calls as <paramref name="query"/> says, one group per dimension values and currency, in key order.</summary>
    public async Task<IReadOnlyList<LlmCostGroup>> SummarizeAsync(LlmCostQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dimensions = query.GroupBy.Distinct().ToList();
        var keys = dimensions.Select(Column).Append("c.currency").ToList();
        var keyList = string.Join(", ", keys);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {keyList}, count(*)::bigint, COALESCE(SUM(c.prompt_tokens), 0)::bigint, COALESCE(SUM(c.completion_tokens), 0)::bigint, COALESCE(SUM(c.cost), 0),
                   (count(*) FILTER (WHERE c.currency IS NOT NULL AND c.priced_as IS NULL))::bigint
            FROM llm_calls c JOIN pipeline_runs r ON r.id = c.run_id
            WHERE r.project_id = @project_id
              AND (@run_id::uuid IS NULL OR c.run_id = @run_id)
              AND (@batch_id::uuid IS NULL OR r.batch_id = @batch_id)
              AND (@from::timestamptz IS NULL OR c.created_at >= @from)
              AND (@to::timestamptz IS NULL OR c.created_at < @to)
            GROUP BY {keyList}
            ORDER BY {keyList}
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("project_id", query.ProjectId));
        command.Parameters.Add(new NpgsqlParameter("run_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)query.RunId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("batch_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)query.BatchId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value });
        var groups = new List<LlmCostGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = new Dictionary<LlmCostDimension, string?>();
            for (var i = 0; i < dimensions.Count; i++)
            {
                key[dimensions[i]] = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(i);
            }

            var at = dimensions.Count;
            var currency = await reader.IsDBNullAsync(at, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(at);
            groups.Add(new LlmCostGroup(
                key,
                currency,
                reader.GetInt64(at + 1),
                reader.GetInt64(at + 2),
                reader.GetInt64(at + 3),
                reader.GetDecimal(at + 4),
                reader.GetInt64(at + 5)));
        }

        return groups;
    }

    // Every key is text, so a group's key reads the same whatever it groups by.
    private static string Column(LlmCostDimension dimension) => dimension switch
    {
        LlmCostDimension.Model => "c.model",
        LlmCostDimension.Stage => "c.stage",
        LlmCostDimension.Day => "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        LlmCostDimension.Run => "c.run_id::text",
        LlmCostDimension.Batch => "r.batch_id::text",
        LlmCostDimension.Definition => "r.definition_id::text",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Not a cost dimension."),
    };

    private sealed record CallRow(
        string Stage,
        string Model,
        int PromptTokens,
        int CompletionTokens,
        decimal Cost,
        string? Currency,
        string? RequestedModel,
        string? PricedAs,
        decimal? InputPricePer1M,
        decimal? OutputPricePer1M);
}
