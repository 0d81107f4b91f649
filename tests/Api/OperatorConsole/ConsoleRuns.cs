namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// Stored runs for list tests and benches, written straight to the table: "Product 1" is the newest, a minute apart.
/// They have no workflows, so the open ones are dated as just reconciled (updated tomorrow): the API's reconciler would
/// otherwise close them as never started while the test reads them.
/// </summary>
internal static class ConsoleRuns
{
    /// <summary>Inserts <paramref name="count"/> runs; every third is published, the next awaiting approval, the next running.</summary>
    public static Task<long> InsertAsync(PostgresFixture postgres, string schema, Guid projectId, Guid definitionId, int count) =>
        postgres.ScalarAsync<long>(
            $"""
            WITH inserted AS (
            INSERT INTO "{schema}".pipeline_runs (id, project_id, definition_id, definition_version, workflow_id, brief, status, created_at, updated_at, closed_at)
            SELECT gen_random_uuid(), '{projectId}', '{definitionId}', 1, 'pipeline-' || replace(gen_random_uuid()::text, '-', ''),
                   jsonb_build_object('topic', 'Product ' || n, 'audience', 'busy families', 'channel', 'product-page', 'language', 'en', 'keywords', '[]'::jsonb, 'sourceText', ''),
                   CASE n % 3 WHEN 0 THEN 'published' WHEN 1 THEN 'awaiting-approval' ELSE 'running' END,
                   now() - n * interval '1 minute',
                   CASE n % 3 WHEN 0 THEN now() - n * interval '1 minute' ELSE now() + interval '1 day' END,
                   CASE n % 3 WHEN 0 THEN now() - n * interval '1 minute' END
            FROM generate_series(1, {count}) AS n
            RETURNING 1)
            SELECT count(*) FROM inserted
            """);
}
