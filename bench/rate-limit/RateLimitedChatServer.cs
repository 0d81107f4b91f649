using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Bench.RateLimit;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on Kestrel that answers after a fixed latency and enforces a
/// requests-per-minute limit the way providers do: a token bucket (two seconds' worth at most), 429 with Retry-After
/// above it. It records when each accepted request arrived and counts the refused ones.
/// </summary>
internal sealed class RateLimitedChatServer : IAsyncDisposable
{
    private const double BurstSeconds = 2;
    private readonly WebApplication app;
    private readonly TimeSpan latency;
    private readonly double perSecond;
    private readonly Lock gate = new();
    private readonly List<double> accepted = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly string reply;
    private double level;
    private double refilledAt;
    private int refused;

    private RateLimitedChatServer(WebApplication app, TimeSpan latency, int requestsPerMinute)
    {
        this.app = app;
        this.latency = latency;
        perSecond = requestsPerMinute / 60.0;
        level = perSecond * BurstSeconds;
        var draft = JsonSerializer.Serialize(new
        {
            title = "Acme Kettle",
            metaDescription = "The Acme Kettle boils 1.5 litres in 3 minutes.",
            h1 = "Acme Kettle",
            body = "The Acme Kettle boils 1.5 litres in 3 minutes, for tea lovers who want a fast boil.",
            cta = "Buy the Acme Kettle",
        });
        reply = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-bench",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = "bench-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = draft }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 300, completion_tokens = 150, total_tokens = 450 },
        });
    }

    /// <summary>Gets the base URL to configure as the endpoint (ending in /v1).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets how many requests were answered 429.</summary>
    public int Refused => Volatile.Read(ref refused);

    public static async Task<RateLimitedChatServer> StartAsync(TimeSpan latency, int requestsPerMinute)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RateLimitedChatServer(app, latency, requestsPerMinute);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Endpoint = new Uri($"{address.TrimEnd('/')}/v1");
        return server;
    }

    /// <summary>Returns the arrival times (seconds since the server started) of the accepted requests.</summary>
    public IReadOnlyList<double> AcceptedTimes()
    {
        lock (gate)
        {
            return [.. accepted];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = clock.Elapsed.TotalSeconds;
        bool admitted;
        lock (gate)
        {
            level = Math.Min(perSecond * BurstSeconds, level + ((now - refilledAt) * perSecond));
            refilledAt = now;
            admitted = level >= 1;
            if (admitted)
            {
                level -= 1;
                accepted.Add(now);
            }
        }

        if (!admitted)
        {
            Interlocked.Increment(ref refused);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new { error = new { message = "Rate limit reached for requests.", type = "requests", code = "rate_limit_exceeded" } });
            return;
        }

        await Task.Delay(latency, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply, context.RequestAborted);
    }
}
