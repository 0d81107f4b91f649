namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// A stored batch for list tests, written straight to the tables: a dataset of <c>count</c> items ("Item 1" first) and
/// a batch over it in one language, with no workflow behind it. Results: every fourth item completed, the next failed,
/// the next needs review, the next has none yet (open).
/// </summary>
internal static class ConsoleBatches
{
    public static async Task<Guid> InsertAsync(PostgresFixture postgres, string schema, Guid projectId, Guid definitionId, int count)
    {
        var batchId = Guid.NewGuid();
        await postgres.ScalarAsync<long>(
            $"""
            WITH dataset AS (
                INSERT INTO "{schema}".datasets (id, project_id, name, format, item_count, bad_row_count, created_at)
                VALUES (gen_random_uuid(), '{projectId}', 'catalogue', 'csv', {count}, 0, now()) RETURNING id
            ), items AS (
                INSERT INTO "{schema}".dataset_items (dataset_id, item_index, line, data)
                SELECT dataset.id, n, n + 2, jsonb_build_object('topic', 'Item ' || (n + 1), 'keywords', jsonb_build_array(), 'sourceText', '', 'attributes', jsonb_build_object())
                FROM dataset, generate_series(0, {count} - 1) AS n RETURNING 1
            ), batch AS (
                INSERT INTO "{schema}".batches (id, project_id, dataset_id, definition_id, definition_version, languages, item_count, workflow_id, created_at, settings_version)
                SELECT '{batchId}', '{projectId}', dataset.id, '{definitionId}', 1, ARRAY['en'], {count}, 'batch-{batchId:N}', now(), 1 FROM dataset RETURNING id
            ), results AS (
                INSERT INTO "{schema}".batch_item_results (batch_id, item_index, language, attempt, status, score, cost, reason, updated_at)
                SELECT batch.id, n, 'en', 0, (ARRAY['completed', 'failed', 'needs-review'])[n % 4 + 1], CASE WHEN n % 4 = 1 THEN NULL ELSE 80 END, 0.0105,
                       CASE WHEN n % 4 = 1 THEN 'generate: the model did not answer' END, now()
                FROM batch, generate_series(0, {count} - 1) AS n WHERE n % 4 < 3 RETURNING 1
            )
            SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM results)
            """);
        return batchId;
    }
}
