using ContentFlows.Api.Infrastructure;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Runs;

/// <summary>
/// The console's runs list: keyset pages over the (project, created_at, id) indexes, so the 200th page costs what the
/// first does; the filtered count comes from the same indexes.
/// </summary>
internal sealed class RunSearchQueries(NpgsqlDataSource dataSource)
{
    private const string Where =
        """
        r.project_id = @ProjectId
          AND (@DefinitionId::uuid IS NULL OR r.definition_id = @DefinitionId)
          AND (@CreatedFrom::timestamptz IS NULL OR r.created_at >= @CreatedFrom)
          AND (@CreatedBefore::timestamptz IS NULL OR r.created_at < @CreatedBefore)
          AND (@Cancelled::boolean IS NULL OR (r.cancelled_at IS NOT NULL OR r.status = 'cancelled') = @Cancelled)
          AND (@Status::text IS NULL OR r.status = @Status)
          AND (@Text::text IS NULL OR r.search_text LIKE @Text ESCAPE '\' OR r.id::text LIKE @Text ESCAPE '\')
        """;

    public async Task<RunSearchPage> SearchAsync(RunSearchFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parameters = new
        {
            filter.ProjectId,
            filter.DefinitionId,
            CreatedFrom = filter.CreatedFrom?.UtcDateTime,
            CreatedBefore = filter.CreatedBefore?.UtcDateTime,
            Cancelled = filter.State switch { null => (bool?)null, RunState.Cancelled => true, _ => false },
            Status = filter.State is { } state && state != RunState.Cancelled ? JsonEnumNames.Of(state) : null,
            Text = filter.Text is { Length: > 0 } text ? "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%" : null,
            AfterCreatedAt = filter.After?.CreatedAt.UtcDateTime,
            AfterId = filter.After?.Id ?? Guid.Empty,
            filter.Limit,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT r.id AS Id, r.definition_id AS DefinitionId, d.name AS DefinitionName, r.definition_version AS DefinitionVersion,
                   COALESCE(r.brief->>'topic', '') AS Topic, COALESCE(r.brief->>'language', '') AS Language, r.status AS Status,
                   r.status_reason AS StatusReason, r.cancelled_at IS NOT NULL AS CancelMarked,
                   COALESCE((SELECT sum(c.cost) FROM llm_calls c WHERE c.run_id = r.id), 0) AS Cost,
                   r.created_at AS CreatedAt, r.updated_at AS UpdatedAt
            FROM pipeline_runs r
            JOIN pipeline_definitions d ON d.id = r.definition_id AND d.version = r.definition_version
            WHERE {Where}
              AND (@AfterCreatedAt::timestamptz IS NULL OR (r.created_at, r.id) < (@AfterCreatedAt, @AfterId))
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT @Limit
            """,
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM pipeline_runs r WHERE {Where}",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var next = rows.Count == filter.Limit ? RunSearchApi.FormatCursor(Utc(rows[^1].CreatedAt), rows[^1].Id) : null;
        return new RunSearchPage(rows.Select(r => r.ToItem()).ToList(), total, next);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    // Dapper fills this by column alias.
    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid DefinitionId { get; init; }

        public string DefinitionName { get; init; } = string.Empty;

        public int DefinitionVersion { get; init; }

        public string Topic { get; init; } = string.Empty;

        public string Language { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public string? StatusReason { get; init; }

        public bool CancelMarked { get; init; }

        public decimal Cost { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }

        // The API's cancel mark wins over the recorded state, as on GET /api/runs/{id}.
        public RunSearchItem ToItem() => new(
            Id,
            DefinitionId,
            DefinitionName,
            DefinitionVersion,
            Topic,
            Language,
            CancelMarked ? RunState.Cancelled : JsonEnumNames.Parse<RunState>(Status) ?? RunState.Running,
            StatusReason,
            Cost,
            Utc(CreatedAt),
            Utc(UpdatedAt));
    }
}
