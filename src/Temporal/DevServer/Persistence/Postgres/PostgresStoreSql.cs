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
            INSERT INTO {s}.executions (namespace_id, workflow_id, run_id, state, updated_at, start_time, close_time, visibility)
            SELECT n, w, r, st, now(), sta, cl, v
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::timestamptz[], $6::timestamptz[], $7::bytea[]) AS t(n, w, r, st, sta, cl, v)
            ON CONFLICT (namespace_id, run_id) DO UPDATE
            SET workflow_id = excluded.workflow_id, state = excluded.state, updated_at = excluded.updated_at,
                start_time = excluded.start_time, close_time = excluded.close_time, visibility = excluded.visibility
            """;
        DeleteExecutions = $"""
            DELETE FROM {s}.executions AS d USING unnest($1::text[], $2::text[]) AS t(n, r)
            WHERE d.namespace_id = t.n AND d.run_id = t.r
            """;
        DeleteEvents = $"""
            DELETE FROM {s}.history_events AS d USING unnest($1::text[], $2::text[]) AS t(n, r)
            WHERE d.namespace_id = t.n AND d.run_id = t.r
            """;
        InsertEvents = $"""
            INSERT INTO {s}.history_events (namespace_id, run_id, event_id, data)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[])
            """;

        SelectNamespaces = $"SELECT name AS Name, id AS Id, description AS Description FROM {s}.namespaces ORDER BY name";
        SelectExecutions = $"""
            SELECT namespace_id AS NamespaceId, workflow_id AS WorkflowId, run_id AS RunId, state AS State
            FROM {s}.executions WHERE close_time IS NULL ORDER BY namespace_id, run_id
            """;
        SelectExecution = $"""
            SELECT namespace_id AS NamespaceId, workflow_id AS WorkflowId, run_id AS RunId, state AS State
            FROM {s}.executions WHERE namespace_id = $1 AND run_id = $2
            """;

        // The open run first (there is at most one), else the one started last.
        SelectLatestExecution = $"""
            SELECT namespace_id AS NamespaceId, workflow_id AS WorkflowId, run_id AS RunId, state AS State
            FROM {s}.executions WHERE namespace_id = $1 AND workflow_id = $2
            ORDER BY close_time IS NULL DESC, start_time DESC NULLS LAST, close_time DESC LIMIT 1
            """;
        SelectRunEvents = $"SELECT data FROM {s}.history_events WHERE namespace_id = $1 AND run_id = $2 ORDER BY event_id";
        SelectClosedVisibility = $"SELECT visibility FROM {s}.executions WHERE namespace_id = $1 AND close_time IS NOT NULL AND visibility IS NOT NULL";
        SelectClosedWorkflowIds = $"SELECT DISTINCT namespace_id, workflow_id FROM {s}.executions WHERE close_time IS NOT NULL";
        SelectExpired = $"""
            SELECT workflow_id, run_id FROM {s}.executions
            WHERE namespace_id = $1 AND close_time IS NOT NULL AND close_time <= $2
            ORDER BY close_time LIMIT $3
            """;
        Schedules = new PostgresScheduleSql(s);
        SelectEvents = $"""
            SELECT e.namespace_id, e.run_id, e.event_id, e.data
            FROM {s}.executions x JOIN {s}.history_events e ON e.namespace_id = x.namespace_id AND e.run_id = x.run_id
            WHERE x.close_time IS NULL
            ORDER BY e.namespace_id, e.run_id, e.event_id
            """;
    }

    public string Schema { get; }

    public string QuotedSchema { get; }

    public string UpsertNamespaces { get; }

    public string UpsertExecutions { get; }

    public string InsertEvents { get; }

    public string SelectNamespaces { get; }

    public string SelectExecutions { get; }

    public string SelectEvents { get; }

    public string DeleteExecutions { get; }

    public string DeleteEvents { get; }

    public string SelectExecution { get; }

    public string SelectLatestExecution { get; }

    public string SelectRunEvents { get; }

    public string SelectClosedVisibility { get; }

    public string SelectClosedWorkflowIds { get; }

    public string SelectExpired { get; }

    public PostgresScheduleSql Schedules { get; }
}
