using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the part of the WordPress REST API the channel uses, as WordPress does:
/// <c>POST /wp-json/wp/v2/posts</c> (201 with the post) and <c>GET /wp-json/wp/v2/posts?slug=&amp;status=&amp;context=</c>
/// (drafts only for an authenticated user; raw content only with context=edit), Basic auth with one user and its
/// application password (spaces ignored, as WordPress does), and WordPress-shaped error bodies.
/// </summary>
internal sealed class FakeWordPress : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string username;
    private readonly string applicationPassword;
    private readonly ConcurrentQueue<WordPressRequest> requests = new();
    private readonly ConcurrentDictionary<long, WordPressPost> posts = new();
    private readonly CancellationTokenSource stopping = new();
    private long lastId = 100;
    private int hangNextCreate;

    private FakeWordPress(WebApplication app, string username, string applicationPassword)
    {
        this.app = app;
        this.username = username;
        this.applicationPassword = applicationPassword.Replace(" ", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Gets the site's root URL.</summary>
    public Uri SiteUrl { get; private set; } = null!;

    public IReadOnlyList<WordPressRequest> Requests => [.. requests];

    public IReadOnlyList<WordPressPost> Posts => [.. posts.Values.OrderBy(p => p.Id)];

    public static async Task<FakeWordPress> StartAsync(string username, string applicationPassword)
    {
        var app = LoopbackWebApp.Create();
        var site = new FakeWordPress(app, username, applicationPassword);
        app.MapPost("/wp-json/wp/v2/posts", site.CreateAsync);
        app.MapGet("/wp-json/wp/v2/posts", site.ListAsync);
        site.SiteUrl = await LoopbackWebApp.StartAsync(app);
        return site;
    }

    /// <summary>The next create stores the post and then never answers: the client times out as if the response were lost.</summary>
    public void HangAfterNextCreate() => Interlocked.Exchange(ref hangNextCreate, 1);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private static object Rendered(string raw, bool edit) => edit ? new { raw, rendered = raw } : new { rendered = raw };

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code, message, data = new { status } }, context.RequestAborted);
    }

    private object Json(WordPressPost post, bool edit) => new
    {
        id = post.Id,
        slug = post.Slug,
        status = post.Status,
        type = "post",
        link = post.Link,
        author = 1,
        title = Rendered(post.Title, edit),
        content = Rendered(post.Content, edit),
        excerpt = Rendered(post.Excerpt, edit),
    };

    // WordPress answers a wrong application password with 401 on any request; no credentials at all are a guest's.
    private (bool Authenticated, string Error) Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var (authenticated, error) = Check(header);
        requests.Enqueue(new WordPressRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, authenticated, header));
        return (authenticated, error);
    }

    private (bool Authenticated, string Error) Check(string header)
    {
        if (header.Length == 0)
        {
            return (false, string.Empty);
        }

        string decoded;
        try
        {
            decoded = header.StartsWith("Basic ", StringComparison.Ordinal) ? Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])) : string.Empty;
        }
        catch (FormatException)
        {
            decoded = string.Empty;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || decoded[..colon] != username)
        {
            return (false, "invalid_username");
        }

        return decoded[(colon + 1)..].Replace(" ", string.Empty, StringComparison.Ordinal) == applicationPassword ? (true, string.Empty) : (false, "incorrect_password");
    }

    private async Task CreateAsync(HttpContext context)
    {
        var (authenticated, error) = Authenticate(context);
        if (!authenticated)
        {
            await ErrorAsync(context, 401, error.Length > 0 ? error : "rest_cannot_create", error.Length > 0 ? "The provided credentials are invalid." : "Sorry, you are not allowed to create posts as this user.");
            return;
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = document.RootElement;
        string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
        var id = Interlocked.Increment(ref lastId);
        var post = new WordPressPost(id, Field("title"), Field("content"), Field("slug"), Field("excerpt"), Field("status") is { Length: > 0 } status ? status : "draft", username, $"{SiteUrl}?p={id}");
        posts[id] = post;

        if (Interlocked.Exchange(ref hangNextCreate, 0) == 1)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, both.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up: the post exists, the client never learnt its id.
            }

            return;
        }

        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(Json(post, edit: true), context.RequestAborted);
    }

    private async Task ListAsync(HttpContext context)
    {
        var (authenticated, error) = Authenticate(context);
        var query = context.Request.Query;
        var status = query["status"].ToString() is { Length: > 0 } s ? s : "publish";
        var edit = query["context"] == "edit";
        if (error.Length > 0)
        {
            await ErrorAsync(context, 401, error, "The provided credentials are invalid.");
            return;
        }

        if (!authenticated && (status != "publish" || edit))
        {
            await ErrorAsync(context, 401, "rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type.");
            return;
        }

        var slug = query["slug"].ToString();
        var found = posts.Values
            .Where(p => p.Status == status && (slug.Length == 0 || p.Slug == slug))
            .OrderByDescending(p => p.Id)
            .Select(p => Json(p, edit));
        await context.Response.WriteAsJsonAsync(found, context.RequestAborted);
    }
}
