using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// The <c>webhook</c> channel: POSTs the version as <see cref="WebhookPayload"/> JSON, signed with
/// <see cref="WebhookSignature"/> under the project secret the channel names, with the publication's Idempotency-Key.
/// 408, 429 and 5xx answers (and no answer) are retried by the activity retry policy, after Retry-After when given;
/// any other 4xx fails the stage for good.
/// </summary>
public sealed class WebhookPublisher(PublicationLedger ledger, ChannelHttpClient http, StageSecretReader secrets, TimeProvider timeProvider)
{
    /// <summary>Publishes a version to the webhook <paramref name="channel"/> once per idempotency key.</summary>
    /// <exception cref="PublishChannelException">The receiver failed or refused.</exception>
    /// <exception cref="StageConfigurationException">The signing secret is missing.</exception>
    public Task<Publication> PublishAsync(ChannelPublishRequest request, PublishChannelConfig channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(channel);
        return ledger.PublishOnceAsync(request, PublishChannelTypes.Webhook, (fields, slug, token) => DeliverAsync(request, channel, fields, slug, token), cancellationToken);
    }

    private async Task<ChannelDelivery> DeliverAsync(ChannelPublishRequest request, PublishChannelConfig channel, ContentFields fields, string slug, CancellationToken cancellationToken)
    {
        var url = channel.Url!;
        http.EnsureMayCarryCredentials(new Uri(url), $"The webhook {url}");
        var signingKey = await secrets.RequireAsync(request.Project.Id, channel.SigningSecretName!, ProjectSecretPurposes.WebhookSigning, new Uri(url), $"the signing key of the webhook {url}", cancellationToken).ConfigureAwait(false);
        var payload = new WebhookPayload(
            WebhookPayload.PublishedEvent,
            request.IdempotencyKey,
            request.Project.Id,
            request.Project.Slug,
            request.RunId,
            request.Version,
            slug,
            fields.Title,
            fields.MetaDescription,
            fields.H1,
            fields.Body,
            fields.Cta,
            ContentHtml.Body(fields),
            fields.Variants);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, PipelineJson.Options);

        // Signed afresh per attempt: a receiver may refuse stale timestamps, and a retry can come minutes later.
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.Add(WebhookSignature.IdempotencyKeyHeader, request.IdempotencyKey);
        message.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        message.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(signingKey, timestamp, body));

        var target = $"The webhook {url}";
        var response = await http.SendAsync(message, TimeSpan.FromSeconds(channel.TimeoutSeconds), target, cancellationToken).ConfigureAwait(false);
        response.ThrowUnlessSuccess(target, $"Check what the receiver expects; its signing key is the project secret \"{channel.SigningSecretName}\".");
        return new ChannelDelivery(url, RemoteId: null);
    }
}
