using Dapper;
using Npgsql;

namespace ContentFlows.Bench.ApiLoad;

/// <summary>
/// The checks after the load: only 2xx and 429 answers; each Idempotency-Key made one run and its replays answered
/// with that run; each accepted approval produced exactly one audit row (by its key) and a published run; runs
/// never approved have no audit row.
/// </summary>
internal static class LoadVerifier
{
    // Approved runs still have to publish after the load stops; the worker gets this long to catch up.
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(3);

    public static async Task<bool> VerifyAsync(BenchOptions options, LoadSetup setup, RequestRecorder recorder, RunLedger ledger, TextWriter output)
    {
        var failures = new List<string>();
        foreach (var (error, count) in recorder.Errors())
        {
            failures.Add($"{count} × {error}");
        }

        foreach (var (key, runId) in ledger.Replays)
        {
            if (!ledger.Started.TryGetValue(key, out var first) || first != runId)
            {
                failures.Add($"Idempotency-Key {key} replayed as run {runId}, first answered {(ledger.Started.TryGetValue(key, out var f) ? f : "nothing")}");
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(options.Postgres);
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        var schema = "\"" + options.Schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var stored = (await connection.QueryAsync<Guid>($"SELECT id FROM {schema}.pipeline_runs WHERE project_id = @projectId", new { projectId = setup.ProjectId }).ConfigureAwait(false)).ToHashSet();
        var acknowledged = ledger.Started.Values.ToHashSet();
        var missing = acknowledged.Count(id => !stored.Contains(id));
        var extra = stored.Count(id => !acknowledged.Contains(id));
        if (missing > 0)
        {
            failures.Add($"{missing} run(s) the API created (201) are not stored");
        }

        if (extra > 0)
        {
            failures.Add($"{extra} stored run(s) were never answered with 201 (a doubled start, or a start cut off by the end of the load)");
        }

        // Wait for the approved runs to finish, then read the audit.
        var approvedIds = ledger.Approved.Keys.ToArray();
        using var deadline = new CancellationTokenSource(DrainDeadline);
        var published = 0L;
        var drain = System.Diagnostics.Stopwatch.StartNew();
        while (!deadline.IsCancellationRequested)
        {
            published = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {schema}.pipeline_runs WHERE id = ANY(@approvedIds) AND status = 'published'", new { approvedIds }).ConfigureAwait(false);
            if (published == approvedIds.Length)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        }

        if (published != approvedIds.Length)
        {
            failures.Add($"{approvedIds.Length - published} approved run(s) did not publish within {DrainDeadline.TotalMinutes} min");
        }

        var audit = (await connection.QueryAsync<(Guid RunId, long Rows, string Reviewer, string Decision)>(
            $"SELECT run_id, count(*), min(reviewer), min(decision) FROM {schema}.approvals WHERE run_id = ANY(@ids) GROUP BY run_id",
            new { ids = stored.ToArray() }).ConfigureAwait(false)).ToDictionary(a => a.RunId);
        var lost = approvedIds.Count(id => !audit.ContainsKey(id));
        var doubled = audit.Values.Count(a => a.Rows > 1);
        var wrong = approvedIds.Count(id => audit.TryGetValue(id, out var a) && (a.Reviewer != ledger.Approved[id] || a.Decision != "approve"));
        var unasked = audit.Keys.Count(id => !ledger.Approved.ContainsKey(id) && !ledger.ApprovalsWithoutAnswer.ContainsKey(id));
        if (lost > 0)
        {
            failures.Add($"{lost} accepted approval(s) left no audit row (lost signal)");
        }

        if (doubled > 0)
        {
            failures.Add($"{doubled} run(s) have more than one audit row (doubled signal)");
        }

        if (wrong > 0)
        {
            failures.Add($"{wrong} audit row(s) name another reviewer or decision than the accepted approval");
        }

        if (unasked > 0)
        {
            failures.Add($"{unasked} run(s) have an audit row though no approval was accepted for them");
        }

        await output.WriteLineAsync($"runs: {acknowledged.Count} created (201), {ledger.Replays.Count} Idempotency-Key replays, {stored.Count} stored").ConfigureAwait(false);
        await output.WriteLineAsync($"approvals: {approvedIds.Length} accepted (202), {audit.Count} audit rows, {published} approved runs published ({drain.Elapsed.TotalSeconds:0.0} s after the load), {ledger.ApprovalsWithoutAnswer.Count} without an answer").ConfigureAwait(false);
        if (failures.Count == 0)
        {
            await output.WriteLineAsync("checks: passed (no error other than 429; no lost or doubled start or signal)").ConfigureAwait(false);
            return true;
        }

        foreach (var failure in failures)
        {
            await output.WriteLineAsync("check failed: " + failure).ConfigureAwait(false);
        }

        return false;
    }
}
