using System.Collections.Concurrent;
using System.Text.Json;

namespace ContentFlows.Temporal.InteropTests.Infrastructure;

/// <summary>
/// The long-lived `node harness.js` process: one official TS worker and client, serving scenario
/// requests as JSON lines (see ts/harness.js for the protocol).
/// </summary>
internal sealed class HarnessProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> pending = new();
    private readonly TaskCompletionSource<JsonElement> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private ChildProcess? process;
    private long lastId;
    private string? failure;

    private HarnessProcess()
    {
    }

    public ChildProcess Process => process ?? throw new InvalidOperationException("The harness has not started");

    /// <summary>Starts the harness and waits until its worker runs (it bundles the workflows first).</summary>
    public static async Task<HarnessProcess> StartAsync(
        string temporalAddress, string taskQueue, string? activityLogPath, string name, TimeSpan readyTimeout)
    {
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = temporalAddress,
            ["INTEROP_TASK_QUEUE"] = taskQueue,
            ["INTEROP_ACTIVITY_LOG"] = activityLogPath ?? string.Empty,
        };
        var harness = new HarnessProcess();
        harness.process = ChildProcess.Start(
            name,
            "node",
            ["harness.js"],
            RepositoryLayout.TypeScriptProject,
            environment,
            onStdoutLine: harness.OnLine,
            onStdoutClosed: harness.OnClosed,
            redirectStandardInput: true);
        try
        {
            await harness.ready.Task.WaitAsync(readyTimeout).ConfigureAwait(false);
            return harness;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await harness.process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            string log = harness.process.LogText();
            string exit = harness.process.ExitDescription();
            await harness.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{name} did not become ready within {readyTimeout} ({exit}):\n{log}", ex);
        }
    }

    /// <summary>
    /// Runs one scenario and returns the harness's whole response object
    /// ({id, ok, result | error, workflowId, runId, history, events, extra}).
    /// </summary>
    public async Task<JsonElement> RunScenarioAsync(string scenario, object? args, TimeSpan timeout)
    {
        if (failure is not null)
        {
            throw new InvalidOperationException($"The harness is unusable: {failure}\n{Process.LogText(maxLines: 200)}");
        }

        long id = Interlocked.Increment(ref lastId);
        var response = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = response;

        // The harness gives up a little earlier than we do, so that its answer (with the history so far) still arrives.
        TimeSpan harnessTimeout = timeout > TimeSpan.FromSeconds(10) ? timeout - TimeSpan.FromSeconds(3) : timeout * 0.8;
        string line = JsonSerializer.Serialize(
            new { id, scenario, args, timeoutMs = (long)harnessTimeout.TotalMilliseconds }, RequestJson);
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
            await Process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }

        try
        {
            return await response.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"Scenario '{scenario}' (#{id}) got no answer within {timeout}. Harness log:\n{Process.LogText(maxLines: 200)}", ex);
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            // Closing stdin asks the harness to shut its worker down; kill it if that takes too long.
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone.
            }

            await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }

        writeGate.Dispose();
    }

    private void OnLine(string line)
    {
        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(line);
            message = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return; // Not a protocol line (stray output); it is in the captured log anyway.
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (message.TryGetProperty("event", out JsonElement kind))
        {
            switch (kind.GetString())
            {
                case "ready":
                    ready.TrySetResult(message);
                    break;
                case "startFailed":
                case "workerFailed":
                    Fail($"harness {kind.GetString()}: {message}");
                    break;
                default:
                    break;
            }

            return;
        }

        if (message.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.Number
            && pending.TryGetValue(id.GetInt64(), out TaskCompletionSource<JsonElement>? response))
        {
            response.TrySetResult(message);
        }
    }

    private void OnClosed() => Fail("the harness closed its stdout (it exited)");

    private void Fail(string reason)
    {
        failure ??= reason;
        var error = new InvalidOperationException($"{reason}\n{process?.LogText(maxLines: 200)}");
        ready.TrySetException(error);
        foreach (TaskCompletionSource<JsonElement> response in pending.Values)
        {
            response.TrySetException(error);
        }
    }
}
