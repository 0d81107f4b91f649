namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>The store's statements, qualified with its schema once so no query depends on search_path.</summary>
internal sealed class PostgresStoreSql
{
    public PostgresStoreSql(string schema)
    {
        // The schema was validated as a plain identifier, so quoting it cannot be escaped.
        var s = $"\"{schema}\"";
        Schema = schema;
        QuotedSchema = s;

        // Arrays travel as single binary parameters and unnest into rows: one statement, one round trip per table.
        UpsertNamespaces = $"""
            INSERT INTO {s}.namespaces (name, id, description)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
            ON CONFLICT (name) DO UPDATE SET id = excluded.id, description = excluded.description
            """;
        UpsertExecutions = $"""
            INSERT INTO {s}.executions (namespace_id, workflow_id, run_id, state, updated_at)
            SELECT n, w, r, st, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[]) AS t(n, w, r, st)
            ON CONFLICT (namespace_id, run_id) DO UPDATE
            SET workflow_id = excluded.workflow_id, state = excluded.state, updated_at = excluded.updated_at
            """;
        InsertEvents = $"""
            INSERT INTO {s}.history_events (namespace_id, run_id, event_id, data)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[])
            """;

        SelectNamespaces = $"SELECT name AS Name, id AS Id, description AS Description FROM {s}.namespaces ORDER BY name";
        SelectExecutions = $"""
            SELECT namespace_id AS NamespaceId, workflow_id AS WorkflowId, run_id AS RunId, state AS State
            FROM {s}.executions ORDER BY namespace_id, run_id
            """;
        Schedules = new PostgresScheduleSql(s);
        SelectEvents = $"SELECT namespace_id, run_id, event_id, data FROM {s}.history_events ORDER BY namespace_id, run_id, event_id";
    }

    public string Schema { get; }

    public string QuotedSchema { get; }

    public string UpsertNamespaces { get; }

    public string UpsertExecutions { get; }

    public string InsertEvents { get; }

    public string SelectNamespaces { get; }

    public string SelectExecutions { get; }

    public string SelectEvents { get; }

    public PostgresScheduleSql Schedules { get; }
}
