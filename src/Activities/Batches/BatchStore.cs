using System.Runtime.CompilerServices;
using System.Text.Json;
using ContentFlows.Activities.Datasets;
using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ContentFlows.Activities.Batches;

/// <summary>
/// Batches in PostgreSQL: the batch row, the pipeline run rows of its units (created in pages, idempotently) and the
/// results table (one row per item and language, upserted, so every unit ends exactly once whatever retried).
/// </summary>
public sealed class BatchStore(NpgsqlDataSource dataSource, DatasetStore datasets, TimeProvider timeProvider)
{
    /// <summary>The audience of items whose row names none.</summary>
    public const string DefaultAudience = "general readers";

    /// <summary>The channel of items whose row names none.</summary>
    public const string DefaultChannel = "product-page";

    /// <summary>Stores a new batch pinned to the project's latest settings version (its item runs use it); one already stored under its id is kept.</summary>
    public async Task CreateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batches (id, project_id, dataset_id, definition_id, definition_version, languages, item_count, workflow_id, created_at, settings_version)
            VALUES (@Id, @ProjectId, @DatasetId, @DefinitionId, @DefinitionVersion, @Languages, @ItemCount, @WorkflowId, @Now,
                    (SELECT settings_version FROM projects WHERE id = @ProjectId))
            ON CONFLICT (id) DO NOTHING
            """,
            new { batch.Id, batch.ProjectId, batch.DatasetId, batch.DefinitionId, batch.DefinitionVersion, Languages = batch.Languages.ToArray(), batch.ItemCount, batch.WorkflowId, Now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a batch; null when there is none.</summary>
    public async Task<BatchRecord?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var found = await QueryBatchesAsync("id = @batchId", new { batchId }, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Reads a project's newest batches, newest first.</summary>
    public Task<IReadOnlyList<BatchRecord>> ListAsync(Guid projectId, int limit, CancellationToken cancellationToken) =>
        QueryBatchesAsync("project_id = @projectId ORDER BY created_at DESC, id DESC LIMIT @limit", new { projectId, limit }, cancellationToken);

    /// <summary>Counts a batch's stored results by status and sums their cost (the table, not the workflow: it lags by one flush).</summary>
    public async Task<BatchResultTotals> SummarizeResultsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Status, long Count, decimal Cost)>(new CommandDefinition(
            "SELECT status, count(*), SUM(cost) FROM batch_item_results WHERE batch_id = @batchId GROUP BY status",
            new { batchId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var counts = rows.ToDictionary(r => JsonSerializer.Deserialize<BatchItemStatus>($"\"{r.Status}\"", PipelineJson.Options), r => (int)r.Count);
        return new BatchResultTotals(counts, rows.Sum(r => r.Cost));
    }

    /// <summary>
    /// Reads one page of a batch's units (items × languages, master first) after the unit (<paramref name="afterItem"/>,
    /// <paramref name="afterLanguageOrdinal"/>), with their stored results; <paramref name="status"/> keeps only units
    /// with that result status, or "open" for those without one yet. Keyset paging: a deep page costs what the first does.
    /// </summary>
    public async Task<BatchUnitPage> ListUnitsAsync(BatchRecord batch, string? status, int afterItem, int afterLanguageOrdinal, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Each page is read in item order through a primary key and stops when full, so a page costs the same at any
        // depth: unfiltered, the page's items first (one unit per language; one more item for the cursor's own, whose
        // units may all be behind it); by a result status, the results; "open", the items without a result.
        const string Languages = "CROSS JOIN unnest(@languages::text[]) WITH ORDINALITY AS l (language, ordinal)";
        var source = status switch
        {
            null =>
                $"""
                FROM (SELECT item_index, data FROM dataset_items
                      WHERE dataset_id = @datasetId AND item_index >= @afterItem ORDER BY item_index LIMIT @takeItems) i
                {Languages}
                LEFT JOIN batch_item_results r ON r.batch_id = @batchId AND r.item_index = i.item_index AND r.language = l.language
                WHERE TRUE
                """,
            "open" =>
                $"""
                FROM dataset_items i
                {Languages}
                LEFT JOIN batch_item_results r ON FALSE
                WHERE i.dataset_id = @datasetId AND i.item_index >= @afterItem
                  AND NOT EXISTS (SELECT 1 FROM batch_item_results x WHERE x.batch_id = @batchId AND x.item_index = i.item_index AND x.language = l.language)
                """,
            _ =>
                $"""
                FROM batch_item_results r
                JOIN dataset_items i ON i.dataset_id = @datasetId AND i.item_index = r.item_index
                {Languages}
                WHERE r.batch_id = @batchId AND r.status = @status AND r.item_index >= @afterItem AND l.language = r.language
                """,
        };
        var parameters = new { batchId = batch.Id, datasetId = batch.DatasetId, languages = batch.Languages.ToArray(), status, afterItem, afterOrdinal = (long)afterLanguageOrdinal, take = limit + 1, takeItems = limit + 2 };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<(int ItemIndex, string Language, string Topic, string? Status, int? Attempt, int? Score, decimal? Cost, Guid? RunId, string? Reason)>(new CommandDefinition(
            $"""
            SELECT i.item_index, l.language, COALESCE(i.data->>'topic', ''), r.status, r.attempt, r.score, r.cost, r.run_id, r.reason
            {source}
              AND (i.item_index, l.ordinal) > (@afterItem, @afterOrdinal)
            ORDER BY i.item_index, l.ordinal
            LIMIT @take
            """,
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        // Counted from the results alone: every unit without one is open.
        var units = (long)batch.ItemCount * batch.Languages.Count;
        var total = status switch
        {
            null => units,
            "open" => units - await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM batch_item_results WHERE batch_id = @batchId", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false),
            _ => await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM batch_item_results WHERE batch_id = @batchId AND status = @status", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false),
        };
        var page = rows.Take(limit).Select(r => new BatchUnitRow(r.ItemIndex, r.Language, r.Topic, r.Status, r.Attempt, r.Score, r.Cost, r.RunId, r.Reason)).ToList();
        return new BatchUnitPage(page, total, rows.Count > limit);
    }

    /// <summary>
    /// Creates (or finds) the pipeline run rows of some units, with briefs built from their dataset items. Units whose
    /// item does not exist get no ticket.
    /// </summary>
    public async Task<IReadOnlyList<BatchItemTicket>> PrepareUnitsAsync(PrepareUnitsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = await datasets.GetItemsAsync(request.DatasetId, request.Units.Select(u => u.ItemIndex).ToList(), cancellationToken).ConfigureAwait(false);
        var tickets = new List<BatchItemTicket>(request.Units.Count);
        foreach (var unit in request.Units)
        {
            if (items.TryGetValue(unit.ItemIndex, out var item))
            {
                // The row's other columns travel with the brief, so prompts (and the number check) can use them.
                var brief = new ContentBrief(item.Topic, item.Audience ?? DefaultAudience, item.Channel ?? DefaultChannel, unit.Language, item.Keywords, item.SourceText)
                {
                    Attributes = item.Attributes.Count > 0 ? item.Attributes : null,
                };
                tickets.Add(new BatchItemTicket(unit, BatchRunIds.For(request.BatchId, unit), brief));
            }
        }

        if (tickets.Count == 0)
        {
            return tickets;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at, batch_id, settings_version)
            SELECT t.id, @project_id, @definition_id, @definition_version, t.workflow_id, t.brief, 'running', @now, @now, @batch_id,
                   (SELECT settings_version FROM batches WHERE id = @batch_id)
            FROM unnest(@ids, @workflow_ids, @briefs) AS t (id, workflow_id, brief)
            ON CONFLICT (id) DO NOTHING
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("project_id", request.ProjectId));
        command.Parameters.Add(new NpgsqlParameter<Guid>("definition_id", request.DefinitionId));
        command.Parameters.Add(new NpgsqlParameter<int>("definition_version", request.DefinitionVersion));
        command.Parameters.Add(new NpgsqlParameter<Guid>("batch_id", request.BatchId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", timeProvider.GetUtcNow().UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", tickets.Select(t => t.RunId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("workflow_ids", tickets.Select(t => BatchChildIds.For(request.BatchId, t.Unit)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("briefs", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = tickets.Select(t => JsonSerializer.Serialize(t.Brief, PipelineJson.Options)).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return tickets;
    }

    /// <summary>Upserts outcomes (a later attempt replaces an earlier one) and returns the LLM cost of their runs.</summary>
    public async Task<decimal> RecordResultsAsync(RecordResultsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Outcomes.Count == 0)
        {
            return 0m;
        }

        // One row per unit: the last outcome of a unit in the request wins.
        var outcomes = request.Outcomes.GroupBy(o => (o.Unit.ItemIndex, o.Unit.Language)).Select(g => g.Last()).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            WITH input AS (
                SELECT * FROM unnest(@item_indexes, @languages, @attempts, @statuses, @final_versions, @scores, @workflow_ids, @run_ids, @reasons)
                    AS t (item_index, language, attempt, status, final_version, score, workflow_id, run_id, reason)
            ), costs AS (
                SELECT run_id, SUM(cost) AS cost FROM llm_calls
                WHERE run_id IN (SELECT run_id FROM input WHERE run_id IS NOT NULL)
                GROUP BY run_id
            ), upserted AS (
                INSERT INTO batch_item_results (batch_id, item_index, language, attempt, status, final_version, score, cost, workflow_id, run_id, reason, updated_at)
                SELECT @batch_id, i.item_index, i.language, i.attempt, i.status, i.final_version, i.score, COALESCE(c.cost, 0), i.workflow_id, i.run_id, i.reason, @now
                FROM input i LEFT JOIN costs c ON c.run_id = i.run_id
                ON CONFLICT (batch_id, item_index, language) DO UPDATE
                SET attempt = EXCLUDED.attempt, status = EXCLUDED.status, final_version = EXCLUDED.final_version, score = EXCLUDED.score,
                    cost = EXCLUDED.cost, workflow_id = EXCLUDED.workflow_id, run_id = EXCLUDED.run_id, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
                WHERE batch_item_results.attempt <= EXCLUDED.attempt
            )
            SELECT COALESCE(SUM(cost), 0) FROM costs
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("batch_id", request.BatchId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", timeProvider.GetUtcNow().UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<int[]>("item_indexes", outcomes.Select(o => o.Unit.ItemIndex).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("languages", outcomes.Select(o => o.Unit.Language).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("attempts", outcomes.Select(o => o.Unit.Attempt).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", outcomes.Select(o => StatusName(o.Status)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("final_versions", outcomes.Select(o => o.FinalVersion).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("scores", outcomes.Select(o => o.Score).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("workflow_ids", outcomes.Select(o => o.WorkflowId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid?[]>("run_ids", outcomes.Select(o => o.RunId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("reasons", outcomes.Select(o => o.Reason).ToArray()));
        var cost = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);

        // A pipeline cancelled with its batch records no state of its own: mark its row, as the API's cancel does, so it
        // leaves the approval queue. Runs already marked (cancelled through the API) keep their first mark.
        var cancelledRuns = outcomes.Where(o => o.Status == BatchItemStatus.Cancelled && o.RunId is not null).Select(o => o.RunId!.Value).ToArray();
        if (cancelledRuns.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE pipeline_runs SET cancelled_at = @now, cancelled_by = @by, updated_at = @now WHERE id = ANY(@cancelledRuns) AND cancelled_at IS NULL",
                new { cancelledRuns, by = $"batch {request.BatchId}", now = timeProvider.GetUtcNow().UtcDateTime },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return cost is decimal value ? value : 0m;
    }

    /// <summary>Streams a batch's results in item and language order, without holding them all in memory.</summary>
    public async IAsyncEnumerable<BatchItemResult> ReadResultsAsync(Guid batchId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT item_index, language, attempt, status, final_version, score, cost, workflow_id, run_id, reason
            FROM batch_item_results WHERE batch_id = @batch_id ORDER BY item_index, language
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("batch_id", batchId));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return ReadResult(reader);
            }
        }
    }

    /// <summary>Reads the dataset of a batch and its extra column names, in the file's order; null when there is no such batch.</summary>
    public async Task<(Guid DatasetId, IReadOnlyList<string> AttributeColumns)?> ReadExportColumnsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid DatasetId, string[] Columns)?>(new CommandDefinition(
            "SELECT d.id, d.attribute_columns FROM batches b JOIN datasets d ON d.id = b.dataset_id WHERE b.id = @batchId",
            new { batchId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is { } found ? (found.DatasetId, found.Columns) : null;
    }

    /// <summary>
    /// Streams a batch's results in item and language order with the content of each final version and the item's data,
    /// a page of <paramref name="pageSize"/> rows per query (keyset on item and language): memory stays one page whatever
    /// the batch's size, and no query or snapshot stays open while the caller writes.
    /// </summary>
    public async IAsyncEnumerable<BatchExportRow> ReadExportRowsAsync(Guid batchId, Guid datasetId, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var afterIndex = -1;
        var afterLanguage = string.Empty;
        var page = new List<BatchExportRow>(pageSize);
        do
        {
            page.Clear();
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand(
                    """
                    SELECT r.item_index, r.language, r.attempt, r.status, r.final_version, r.score, r.cost, r.workflow_id, r.run_id, r.reason,
                           v.fields::text, i.data::text
                    FROM batch_item_results r
                    LEFT JOIN content_versions v ON v.run_id = r.run_id AND v.version = r.final_version
                    LEFT JOIN dataset_items i ON i.dataset_id = @dataset_id AND i.item_index = r.item_index
                    WHERE r.batch_id = @batch_id AND (r.item_index, r.language) > (@after_index, @after_language)
                    ORDER BY r.item_index, r.language
                    LIMIT @page_size
                    """,
                    connection);
                command.Parameters.Add(new NpgsqlParameter<Guid>("batch_id", batchId));
                command.Parameters.Add(new NpgsqlParameter<Guid>("dataset_id", datasetId));
                command.Parameters.Add(new NpgsqlParameter<int>("after_index", afterIndex));
                command.Parameters.Add(new NpgsqlParameter<string>("after_language", afterLanguage));
                command.Parameters.Add(new NpgsqlParameter<int>("page_size", pageSize));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        page.Add(new BatchExportRow(
                            ReadResult(reader),
                            reader[10] is string fields ? JsonSerializer.Deserialize<ContentFields>(fields, PipelineJson.Options) : null,
                            reader[11] is string item ? JsonSerializer.Deserialize<DatasetItem>(item, PipelineJson.Options) : null));
                    }
                }
            }

            // The connection is back in the pool before the caller writes the page out, however slowly it reads.
            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count > 0)
            {
                (afterIndex, afterLanguage) = (page[^1].Result.ItemIndex, page[^1].Result.Language);
            }
        }
        while (page.Count == pageSize);
    }

    /// <summary>Reads a batch's results into a list (for small batches and tests; export streams).</summary>
    public async Task<IReadOnlyList<BatchItemResult>> ListResultsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var results = new List<BatchItemResult>();
        await foreach (var result in ReadResultsAsync(batchId, cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        return results;
    }

    // Stored as the JSON (kebab-case) name, as pipeline run states are.
    internal static string StatusName(BatchItemStatus status) => JsonSerializer.Serialize(status, PipelineJson.Options).Trim('"');

    // The first ten columns of a results query, in the table's order.
    private static BatchItemResult ReadResult(NpgsqlDataReader reader) => new(
        reader.GetInt32(0),
        reader.GetString(1),
        reader.GetInt32(2),
        JsonSerializer.Deserialize<BatchItemStatus>($"\"{reader.GetString(3)}\"", PipelineJson.Options),
        reader[4] as int?,
        reader[5] as int?,
        reader.GetDecimal(6),
        reader[7] as string,
        reader[8] as Guid?,
        reader[9] as string);

    private async Task<IReadOnlyList<BatchRecord>> QueryBatchesAsync(string whereAndOrder, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, Guid ProjectId, Guid DatasetId, Guid DefinitionId, int DefinitionVersion, string[] Languages, int ItemCount, string WorkflowId, DateTime CreatedAt)>(new CommandDefinition(
            $"SELECT id, project_id, dataset_id, definition_id, definition_version, languages, item_count, workflow_id, created_at FROM batches WHERE {whereAndOrder}",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new BatchRecord(r.Id, r.ProjectId, r.DatasetId, r.DefinitionId, r.DefinitionVersion, r.Languages, r.ItemCount, r.WorkflowId)
        {
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
        }).ToList();
    }
}
