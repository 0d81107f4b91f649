using System.Globalization;
using System.Net.Http.Headers;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Stages;

namespace ContentFlows.Activities.Notifications;

/// <summary>
/// POSTs a notification to the project's webhook through the worker's egress policy, signed as publish webhooks are
/// (<see cref="WebhookSignature"/>: HMAC-SHA256 over <c>timestamp.body</c>), with the notification id as
/// <c>Idempotency-Key</c> so a receiver drops the repeats of a retried delivery.
/// </summary>
public sealed class WebhookNotifier(ChannelHttpClient http, StageSecretReader secrets, TimeProvider timeProvider)
{
    /// <summary>The header naming the event, so receivers can route without parsing the body.</summary>
    public const string EventHeader = "X-ContentFlows-Event";

    /// <summary>Delivers <paramref name="message"/> to <paramref name="webhook"/>.</summary>
    /// <exception cref="NotificationDeliveryException">The receiver failed, refused, or may not be reached.</exception>
    public async Task SendAsync(NotificationMessage message, WebhookNotificationSettings webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(webhook);
        var url = new Uri(webhook.Url);
        var target = $"The notification webhook {url}";
        try
        {
            http.EnsureMayCarryCredentials(url, target);
            var signingKey = await secrets.RequireAsync(message.Project.Id, webhook.SigningSecretName, ProjectSecretPurposes.WebhookSigning, url, $"the signing key of the notification webhook {url}", cancellationToken).ConfigureAwait(false);
            var body = message.WebhookBody();

            // Signed afresh per attempt: a receiver may refuse stale timestamps, and a retry can come a minute later.
            var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, message.Request.NotificationId.ToString());
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(signingKey, timestamp, body));
            request.Headers.Add(EventHeader, message.EventName);
            var response = await http.SendAsync(request, TimeSpan.FromSeconds(webhook.TimeoutSeconds), target, cancellationToken).ConfigureAwait(false);
            response.ThrowUnlessSuccess(target, $"Check what the receiver expects; its signing key is the project secret \"{webhook.SigningSecretName}\".");
        }
        catch (PublishChannelException e)
        {
            throw new NotificationDeliveryException(e.Message, e.IsRetryable, e);
        }
        catch (StageConfigurationException e)
        {
            throw new NotificationDeliveryException(e.Message, isRetryable: false, e);
        }
    }
}
