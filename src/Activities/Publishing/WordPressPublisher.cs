using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// The <c>wordpress</c> channel: creates a draft post through the WordPress REST API (<c>POST /wp-json/wp/v2/posts</c>
/// with title, HTML content, slug and the meta description as excerpt), authenticated with the channel's user and an
/// application password from the project's secrets. The content starts with an invisible marker holding the
/// publication's idempotency key; before creating a post, the publisher looks for a draft with the slug and that marker,
/// so a retry after a crash between the POST and recording it adopts the earlier draft instead of creating a second.
/// </summary>
public sealed class WordPressPublisher(PublicationLedger ledger, ChannelHttpClient http, StageSecretReader secrets)
{
    /// <summary>Publishes a version as a WordPress draft once per idempotency key.</summary>
    /// <exception cref="PublishChannelException">WordPress failed or refused.</exception>
    /// <exception cref="StageConfigurationException">The application password secret is missing.</exception>
    public Task<Publication> PublishAsync(ChannelPublishRequest request, PublishChannelConfig channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(channel);
        return ledger.PublishOnceAsync(request, PublishChannelTypes.WordPress, (fields, slug, token) => DeliverAsync(request, channel, fields, slug, token), cancellationToken);
    }

    /// <summary>The HTML comment that marks a post as a publication's; WordPress keeps it in the raw content.</summary>
    internal static string Marker(string idempotencyKey) => $"<!-- contentflows-publication {idempotencyKey} -->";

    private static (string Id, string Link)? ReadPost(JsonElement post) =>
        post.ValueKind == JsonValueKind.Object && post.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
            ? (id.GetInt64().ToString(CultureInfo.InvariantCulture), post.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString()! : string.Empty)
            : null;

    private static bool HasMarker(JsonElement post, string marker) =>
        post.ValueKind == JsonValueKind.Object
        && post.TryGetProperty("content", out var content)
        && content.ValueKind == JsonValueKind.Object
        && content.TryGetProperty("raw", out var raw)
        && raw.ValueKind == JsonValueKind.String
        && raw.GetString()!.Contains(marker, StringComparison.Ordinal);

    private static JsonDocument ParseAnswer(ChannelResponse response, string target)
    {
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            // Usually a URL that is not the site root (an HTML page answered): retrying will not change it.
            throw new PublishChannelException($"{target} did not answer with the REST API's JSON (HTTP {(int)response.Status}); is the url the site's root?", PublishChannelErrorTypes.Rejected, retryAfter: null, e);
        }
    }

    private async Task<ChannelDelivery> DeliverAsync(ChannelPublishRequest request, PublishChannelConfig channel, ContentFields fields, string slug, CancellationToken cancellationToken)
    {
        var site = channel.Url!.TrimEnd('/');
        var passwordSecret = channel.ApplicationPasswordSecretName!;
        http.EnsureMayCarryCredentials(new Uri(site), $"WordPress at {site}");
        var password = await secrets.RequireAsync(request.Project.Id, passwordSecret, ProjectSecretPurposes.WordPressPassword, new Uri(site), $"the application password of the WordPress user \"{channel.Username}\" at {site}", cancellationToken).ConfigureAwait(false);
        var authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{channel.Username}:{password}")));
        var posts = $"{site}/wp-json/wp/v2/posts";
        var timeout = TimeSpan.FromSeconds(channel.TimeoutSeconds);
        var target = $"WordPress at {site}";
        var hint = $"Check the user \"{channel.Username}\" (it must be allowed to create posts) and its application password, the project secret \"{passwordSecret}\".";
        var marker = Marker(request.IdempotencyKey);

        using (var lookup = new HttpRequestMessage(HttpMethod.Get, $"{posts}?slug={Uri.EscapeDataString(slug)}&status=draft&context=edit&per_page=100"))
        {
            lookup.Headers.Authorization = authorization;
            var answer = await http.SendAsync(lookup, timeout, target, cancellationToken).ConfigureAwait(false);
            answer.ThrowUnlessSuccess(target, hint);
            using var found = ParseAnswer(answer, target);
            if (found.RootElement.ValueKind == JsonValueKind.Array
                && found.RootElement.EnumerateArray().Where(post => HasMarker(post, marker)).Select(ReadPost).FirstOrDefault() is { } earlier)
            {
                return new ChannelDelivery(earlier.Link, earlier.Id);
            }
        }

        var post = new
        {
            // WordPress stores title and excerpt as HTML (unfiltered for users with unfiltered_html): text is encoded.
            title = ContentHtml.Encode(fields.Title),
            content = marker + "\n" + ContentHtml.Body(fields),
            slug,
            excerpt = ContentHtml.Encode(fields.MetaDescription),
            status = "draft",
        };
        using var create = new HttpRequestMessage(HttpMethod.Post, posts) { Content = JsonContent.Create(post) };
        create.Headers.Authorization = authorization;
        var created = await http.SendAsync(create, timeout, target, cancellationToken).ConfigureAwait(false);
        created.ThrowUnlessSuccess(target, hint);
        using var document = ParseAnswer(created, target);
        return ReadPost(document.RootElement) is { } made
            ? new ChannelDelivery(made.Link, made.Id)
            : throw new PublishChannelException($"{target} answered the new post without its id (HTTP {(int)created.Status}).", PublishChannelErrorTypes.Rejected, retryAfter: null, innerException: null);
    }
}
