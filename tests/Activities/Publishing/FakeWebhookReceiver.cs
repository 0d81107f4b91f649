using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>
/// A real webhook receiver on Kestrel (127.0.0.1, a free port) that does what a careful receiver does: verifies the
/// HMAC-SHA256 signature over "timestamp.body" with its own copy of the signing key, refuses stale timestamps with 401,
/// and accepts each Idempotency-Key once (a repeat is answered 200 but not accepted again). Scripted answers come first.
/// </summary>
internal sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan MaxTimestampAge = TimeSpan.FromMinutes(5);

    private readonly WebApplication app;
    private readonly byte[] signingKey;
    private readonly ConcurrentQueue<WebhookReply> replies = new();
    private readonly ConcurrentQueue<WebhookDelivery> deliveries = new();
    private readonly ConcurrentDictionary<string, string> accepted = new();
    private readonly CancellationTokenSource stopping = new();

    private FakeWebhookReceiver(WebApplication app, string signingKey)
    {
        this.app = app;
        this.signingKey = Encoding.UTF8.GetBytes(signingKey);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Gets every POST received, in order.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries => [.. deliveries];

    /// <summary>Gets the bodies accepted, by Idempotency-Key: what the receiving system acted on.</summary>
    public IReadOnlyDictionary<string, string> Accepted => new Dictionary<string, string>(accepted);

    public static async Task<FakeWebhookReceiver> StartAsync(string signingKey, System.Net.IPAddress? address = null)
    {
        var app = LoopbackWebApp.Create(address);
        var receiver = new FakeWebhookReceiver(app, signingKey);
        app.MapPost("/hooks/content", receiver.HandleAsync);
        receiver.Url = new Uri(await LoopbackWebApp.StartAsync(app), "hooks/content");
        return receiver;
    }

    public void Enqueue(params WebhookReply[] scripted)
    {
        foreach (var reply in scripted)
        {
            replies.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private bool Verify(string? timestamp, string? signature, byte[] body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxTimestampAge
            || signature is null)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, signed)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var key = headers.GetValueOrDefault("Idempotency-Key", string.Empty);
        var valid = Verify(headers.GetValueOrDefault("X-ContentFlows-Timestamp"), headers.GetValueOrDefault("X-ContentFlows-Signature"), body);
        var reply = replies.TryDequeue(out var scripted) ? scripted : new WebhookReply(valid ? 200 : 401, new Dictionary<string, string>());
        deliveries.Enqueue(new WebhookDelivery(key, valid, Encoding.UTF8.GetString(body), headers, DateTimeOffset.UtcNow, reply.Status));

        // A receiver acts on a signed delivery once per key, whatever answer gets lost on the way back.
        if (valid && reply.Status is >= 200 and < 300 && key.Length > 0)
        {
            accepted.TryAdd(key, Encoding.UTF8.GetString(body));
        }

        if (reply.AcceptThenHang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, both.Token);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up waiting: its response is lost, the delivery was not.
            }

            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsJsonAsync(new { received = key, error = reply.Error ?? (valid ? null : "invalid signature") }, context.RequestAborted);
    }
}
