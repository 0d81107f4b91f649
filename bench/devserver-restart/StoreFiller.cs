using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;

namespace ContentFlows.Bench.DevServerRestart;

/// <summary>
/// Fills the store's tables directly with binary COPY (100,000 runs in seconds, not the hour running them would
/// take), in the layout the dev server writes. A schema from before the closed-run columns gets rows without them,
/// as such a server wrote them.
/// </summary>
internal static class StoreFiller
{
    public static async Task FillAsync(NpgsqlDataSource dataSource, string schema, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var namespaceId = (string)(await new NpgsqlCommand($"SELECT id FROM \"{schema}\".namespaces WHERE name = 'default'", connection).ExecuteScalarAsync()
            ?? throw new InvalidOperationException("The dev server did not create the default namespace."));
        var closedColumns = await new NpgsqlCommand($"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'executions' AND column_name = 'close_time'", connection).ExecuteScalarAsync() is long n && n > 0;

        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var executionColumns = closedColumns ? "namespace_id, workflow_id, run_id, state, start_time, close_time, visibility" : "namespace_id, workflow_id, run_id, state";
        await using (var executions = await connection.BeginBinaryImportAsync($"COPY \"{schema}\".executions ({executionColumns}) FROM STDIN (FORMAT BINARY)"))
        await using (var events = await OpenEventsCopyAsync(dataSource, schema))
        {
            for (var i = 0; i < count; i++)
            {
                var workflowId = $"bench-closed-{i}";
                var runId = Guid.NewGuid().ToString();
                var history = ClosedRunFactory.History(workflowId, runId, start.AddMilliseconds(i));
                await executions.StartRowAsync();
                await executions.WriteAsync(namespaceId, NpgsqlDbType.Text);
                await executions.WriteAsync(workflowId, NpgsqlDbType.Text);
                await executions.WriteAsync(runId, NpgsqlDbType.Text);
                await executions.WriteAsync(Array.Empty<byte>(), NpgsqlDbType.Bytea);
                if (closedColumns)
                {
                    await executions.WriteAsync(history[0].EventTime.ToDateTimeOffset(), NpgsqlDbType.TimestampTz);
                    await executions.WriteAsync(history[^1].EventTime.ToDateTimeOffset(), NpgsqlDbType.TimestampTz);
                    await executions.WriteAsync(ClosedRunFactory.Visibility(workflowId, runId, history).ToByteArray(), NpgsqlDbType.Bytea);
                }

                foreach (var e in history)
                {
                    await events.Writer.StartRowAsync();
                    await events.Writer.WriteAsync(namespaceId, NpgsqlDbType.Text);
                    await events.Writer.WriteAsync(runId, NpgsqlDbType.Text);
                    await events.Writer.WriteAsync(e.EventId, NpgsqlDbType.Bigint);
                    await events.Writer.WriteAsync(e.ToByteArray(), NpgsqlDbType.Bytea);
                }
            }

            await executions.CompleteAsync();
            await events.Writer.CompleteAsync();
        }

        await new NpgsqlCommand($"ANALYZE \"{schema}\".executions; ANALYZE \"{schema}\".history_events", connection).ExecuteNonQueryAsync();
    }

    private static async Task<EventsCopy> OpenEventsCopyAsync(NpgsqlDataSource dataSource, string schema)
    {
        var connection = await dataSource.OpenConnectionAsync();
        var writer = await connection.BeginBinaryImportAsync($"COPY \"{schema}\".history_events (namespace_id, run_id, event_id, data) FROM STDIN (FORMAT BINARY)");
        return new EventsCopy(connection, writer);
    }

    /// <summary>The second COPY runs on its own connection, beside the executions one.</summary>
    private sealed class EventsCopy(NpgsqlConnection connection, NpgsqlBinaryImporter writer) : IAsyncDisposable
    {
        public NpgsqlBinaryImporter Writer => writer;

        public async ValueTask DisposeAsync()
        {
            await writer.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
