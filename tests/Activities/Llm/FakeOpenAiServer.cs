using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Activities.Tests.Llm;

/// <summary>
/// A real HTTP server on Kestrel (127.0.0.1, a free port) speaking OpenAI's chat-completions API, answering
/// each request with the next scripted <see cref="FakeReply"/> and recording what it received.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeReply> replies = new();
    private readonly ConcurrentQueue<ReceivedChatRequest> received = new();
    private readonly CancellationTokenSource stopping = new();

    private FakeOpenAiServer(WebApplication app) => this.app = app;

    /// <summary>Gets the base URL to configure as the endpoint (it ends in /v1, like OpenAI's).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets the requests received so far, in order.</summary>
    public IReadOnlyList<ReceivedChatRequest> Requests => [.. received];

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        server.Endpoint = new Uri(await LoopbackWebApp.StartAsync(app), "v1");
        return server;
    }

    public void Enqueue(params FakeReply[] scripted)
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

    private static ReceivedChatRequest Parse(string body, string? authorization)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(message => (message.GetProperty("role").GetString()!, ReadContent(message.GetProperty("content"))))
            .ToList();
        var format = root.TryGetProperty("response_format", out var responseFormat) ? responseFormat.GetProperty("type").GetString() : null;
        double? temperature = root.TryGetProperty("temperature", out var t) ? t.GetDouble() : null;
        return new ReceivedChatRequest(root.GetProperty("model").GetString()!, messages, format, temperature, authorization, body, DateTimeOffset.UtcNow);
    }

    /// <summary>Content is a string, or an array of parts; text parts are joined.</summary>
    private static string ReadContent(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        received.Enqueue(Parse(body, context.Request.Headers.Authorization.ToString()));
        if (!replies.TryDequeue(out var reply))
        {
            reply = FakeReply.Error(500, "The fake server has no scripted reply left.");
        }

        if (reply.Hang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, both.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as the test wants; nothing to answer.
            }

            return;
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body ?? string.Empty, context.RequestAborted);
    }
}
