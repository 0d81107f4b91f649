using Npgsql;

namespace ContentFlows.Bench.BatchExport;

/// <summary>
/// Stores a finished batch straight in PostgreSQL, as the worker would leave it: a dataset with extra columns, one
/// completed pipeline run per item with a content version (a body of about 250 words, variants, text that needs CSV
/// quoting), and the results rows. One INSERT … SELECT per table, generated server-side.
/// </summary>
internal sealed class ExportSeeder(NpgsqlDataSource dataSource, string schema, Guid projectId, Guid definitionId)
{
    /// <summary>Stores a batch of <paramref name="items"/> completed items in one language; returns its id.</summary>
    public async Task<Guid> SeedBatchAsync(int items)
    {
        var batchId = Guid.NewGuid();
        var datasetId = Guid.NewGuid();
        await using var command = dataSource.CreateCommand(
            $"""
            SET search_path TO "{schema}";
            INSERT INTO datasets (id, project_id, name, format, item_count, bad_row_count, created_at, attribute_columns)
            VALUES (@dataset, @project, 'bench catalogue', 'csv', @items, 0, now(), ARRAY['product_id', 'category', 'price']);
            INSERT INTO dataset_items (dataset_id, item_index, line, data)
            SELECT @dataset, n, n + 2, jsonb_build_object(
                'topic', 'Acme Desk Lamp ' || n, 'audience', 'home office workers', 'channel', 'product-page',
                'keywords', jsonb_build_array('desk lamp', 'led'), 'sourceText', 'The lamp gives ' || (400 + n % 500) || ' lumens.',
                'attributes', jsonb_build_object('product_id', 'SKU-' || lpad(n::text, 6, '0'), 'category', 'Lighting, indoor', 'price', (19 + n % 80) || '.90'))
            FROM generate_series(0, @items - 1) AS n;
            INSERT INTO batches (id, project_id, dataset_id, definition_id, definition_version, languages, item_count, workflow_id, created_at)
            VALUES (@batch, @project, @dataset, @definition, 1, ARRAY['en'], @items, 'batch-' || replace(@batch::text, '-', ''), now());
            INSERT INTO pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at, closed_at, batch_id)
            SELECT md5(@batch::text || n)::uuid, @project, @definition, 1, 'pipeline-' || md5(@batch::text || n),
                   jsonb_build_object('topic', 'Acme Desk Lamp ' || n, 'audience', 'home office workers', 'channel', 'product-page', 'language', 'en', 'keywords', '[]'::jsonb, 'sourceText', ''),
                   'completed', now(), now(), now(), @batch
            FROM generate_series(0, @items - 1) AS n;
            INSERT INTO content_versions (run_id, version, kind, fields, source_key, created_at, language)
            SELECT md5(@batch::text || n)::uuid, 1, 'generated', jsonb_build_object(
                'title', 'Acme Desk Lamp ' || n || ', "Deluxe"', 'metaDescription', 'A bright, calm desk lamp for home offices: ' || (400 + n % 500) || ' lumens.',
                'h1', 'Acme Desk Lamp ' || n, 'cta', 'Order the Acme Desk Lamp today',
                'body', repeat('The Acme Desk Lamp gives ' || (400 + n % 500) || ' lumens of even, flicker-free light, so long evenings at the desk stay easy on the eyes. ', 12)
                        || E'\n\n' || repeat('Its arm folds flat, its "warm" and "cool" settings switch with one touch, and it draws power from any USB-C port. ', 8),
                'variants', jsonb_build_array(
                    jsonb_build_object('kind', 'headline', 'text', 'Light your desk, not the room'),
                    jsonb_build_object('kind', 'headline', 'text', 'Acme Desk Lamp ' || n || ': calm, bright, foldable'),
                    jsonb_build_object('kind', 'social-post', 'text', E'New: the Acme Desk Lamp.\nFolds flat, ' || (400 + n % 500) || ' lumens.'))),
                'bench-' || n, now(), 'en'
            FROM generate_series(0, @items - 1) AS n;
            INSERT INTO batch_item_results (batch_id, item_index, language, attempt, status, final_version, score, cost, workflow_id, run_id, reason, updated_at)
            SELECT @batch, n, 'en', 0, 'completed', 1, 92, 0.0105, 'pipeline-' || md5(@batch::text || n), md5(@batch::text || n)::uuid, NULL, now()
            FROM generate_series(0, @items - 1) AS n;
            ANALYZE dataset_items;
            ANALYZE content_versions;
            ANALYZE batch_item_results;
            """);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("dataset", datasetId);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("definition", definitionId);
        command.Parameters.AddWithValue("items", items);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return batchId;
    }
}
