using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Bench.ApiLoad;

/// <summary>
/// One simulated client: starts runs (each with its own Idempotency-Key, now and then replaying the last one) and
/// approves its own runs once they wait for a reviewer. Owning its runs means no two clients race to approve one.
/// A 429 is honoured by waiting Retry-After, as a well-behaved client would.
/// </summary>
internal sealed class LoadClient(int index, HttpClient http, LoadSetup setup, BenchKey key, RequestRecorder recorder, RunLedger ledger)
{
    private const int MaxOwnRunsInFlight = 2;

    // How long a client waits before asking again about a run that is not waiting yet.
    private static readonly TimeSpan NotReadyPause = TimeSpan.FromMilliseconds(250);

    private readonly Queue<Guid> ownRuns = new();
    private int started;

    public async Task RunAsync(CancellationToken stop)
    {
        string? lastKey = null;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan pause;
            if (ownRuns.Count < MaxOwnRunsInFlight)
            {
                // One start in ten repeats the previous Idempotency-Key: the API must answer with the same run.
                var replay = lastKey is not null && started % 10 == 9;
                var idempotencyKey = replay ? lastKey! : $"bench-{index}-{started}";
                started++;
                pause = await StartAsync(idempotencyKey, replay).ConfigureAwait(false);
                lastKey = idempotencyKey;
            }
            else
            {
                pause = await ApproveOldestWhenWaitingAsync().ConfigureAwait(false);
            }

            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<TimeSpan> StartAsync(string idempotencyKey, bool replay)
    {
        using var request = Request(HttpMethod.Post, "/api/runs", new
        {
            definitionId = setup.DefinitionId,
            brief = new
            {
                topic = $"Acme Router {idempotencyKey}",
                audience = "busy families",
                channel = "product-page",
                language = "en",
                keywords = new[] { "mesh wifi" },
                sourceText = "The Acme Mesh Router covers 120 square metres.",
            },
        });
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var (status, body, retryAfter) = await SendAsync("POST /api/runs", request).ConfigureAwait(false);
        if (status is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            var runId = body.GetProperty("id").GetGuid();
            if (replay || status == HttpStatusCode.OK)
            {
                ledger.Replays.Enqueue((idempotencyKey, runId));
            }
            else
            {
                ledger.Started[idempotencyKey] = runId;
                ownRuns.Enqueue(runId);
            }
        }

        return retryAfter;
    }

    private async Task<TimeSpan> ApproveOldestWhenWaitingAsync()
    {
        var runId = ownRuns.Peek();
        using var read = Request(HttpMethod.Get, $"/api/runs/{runId}", body: null);
        var (status, run, retryAfter) = await SendAsync("GET /api/runs/{id}", read).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            return retryAfter;
        }

        var waiting = run.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress && progress.GetProperty("awaitingApproval").GetBoolean();
        if (!waiting)
        {
            return NotReadyPause;
        }

        using var approve = Request(HttpMethod.Post, $"/api/runs/{runId}/approval", new { decision = "approve" });
        (status, _, retryAfter) = await SendAsync("POST /api/runs/{id}/approval", approve).ConfigureAwait(false);
        if (status == HttpStatusCode.Accepted)
        {
            ledger.Approved[runId] = key.Name;
            ownRuns.Dequeue();
        }
        else if (status == 0)
        {
            // The API may or may not have taken it: the checks report these apart instead of guessing.
            ledger.ApprovalsWithoutAnswer[runId] = key.Name;
            ownRuns.Dequeue();
        }

        return retryAfter;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key.Key);
        return request;
    }

    // In-flight requests are never cancelled at the end: an answer cut off would leave the outcome unknown.
    private async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan RetryAfter)> SendAsync(string endpoint, HttpRequestMessage request)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var retryAfter = TimeSpan.Zero;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // The rate-limit answer must say when to come back; one without Retry-After counts as an error.
                retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
                recorder.Record(retryAfter > TimeSpan.Zero ? endpoint : endpoint + " (429 without Retry-After)", retryAfter > TimeSpan.Zero ? 429 : 0, clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                recorder.Record(endpoint, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds);
            }

            var body = response.IsSuccessStatusCode && text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            return (response.StatusCode, body, retryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            recorder.Record(endpoint, 0, clock.Elapsed.TotalMilliseconds);
            return (0, default, TimeSpan.FromSeconds(1));
        }
    }
}
