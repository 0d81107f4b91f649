namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>The statements for the <c>schedules</c> table, qualified with the store's schema.</summary>
internal sealed class PostgresScheduleSql
{
    public PostgresScheduleSql(string quotedSchema)
    {
        Upsert = $"""
            INSERT INTO {quotedSchema}.schedules (namespace_id, schedule_id, state, updated_at)
            SELECT n, s, st, now() FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(n, s, st)
            ON CONFLICT (namespace_id, schedule_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """;
        Delete = $"""
            DELETE FROM {quotedSchema}.schedules AS d
            USING unnest($1::text[], $2::text[]) AS t(n, s)
            WHERE d.namespace_id = t.n AND d.schedule_id = t.s
            """;
        Select = $"SELECT namespace_id AS NamespaceId, schedule_id AS ScheduleId, state AS State FROM {quotedSchema}.schedules ORDER BY namespace_id, schedule_id";
    }

    public string Upsert { get; }

    public string Delete { get; }

    public string Select { get; }
}
