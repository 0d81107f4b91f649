using ContentFlows.Activities.Projects;
using ContentFlows.Workflows.Notifications;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace ContentFlows.Activities.Notifications;

/// <summary>
/// Tells a project's people about an event through the channels its notification settings name. Each channel is
/// recorded per attempt in the <see cref="NotificationLog"/>; a channel delivered once is skipped by later attempts,
/// so Temporal's retries resend only what failed. The workflow calling this never fails because of it.
/// </summary>
public sealed partial class NotificationActivities(
    NotificationSettingsStore settingsStore,
    NotificationLog log,
    ProjectStore projects,
    ReviewLinks links,
    WebhookNotifier webhook,
    EmailNotifier email,
    ILogger<NotificationActivities> logger)
{
    /// <summary>The error type of a notification another attempt can deliver (a receiver down, a timeout).</summary>
    public const string UnavailableErrorType = "NotificationUnavailable";

    /// <summary>The error type of a notification no attempt can deliver (refused, a missing secret, an egress refusal).</summary>
    public const string RejectedErrorType = "NotificationRejected";

    /// <summary>Sends one notification through every configured channel not delivered yet.</summary>
    /// <param name="request">What happened, where.</param>
    /// <returns>A task that completes once every channel was delivered.</returns>
    [Activity(NotificationActivityNames.Send)]
    public async Task SendAsync(NotificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;

        // Read at each attempt, not pinned: a fixed address or a newly added reviewer applies to runs already waiting.
        var settings = await settingsStore.GetAsync(request.ProjectId, cancellationToken).ConfigureAwait(false);
        if (settings is null || !settings.Includes(request.Event) || (settings.Webhook is null && settings.Email is null))
        {
            return;
        }

        var project = await projects.GetAsync(request.ProjectId, cancellationToken).ConfigureAwait(false);
        var link = request.BatchId is { } batchId && request.RunId is null ? links.ForBatch(batchId) : links.ForRun(request.RunId ?? Guid.Empty);
        var message = new NotificationMessage(request, project, link);
        var delivered = await log.DeliveredChannelsAsync(request.NotificationId, cancellationToken).ConfigureAwait(false);
        var failures = new List<NotificationDeliveryException>();
        if (settings.Webhook is { } hook && !delivered.Contains(NotificationChannels.Webhook))
        {
            await TryAsync(message, NotificationChannels.Webhook, hook.Url, token => webhook.SendAsync(message, hook, token), failures, cancellationToken).ConfigureAwait(false);
        }

        if (settings.Email is { } mail && !delivered.Contains(NotificationChannels.Email))
        {
            await TryAsync(message, NotificationChannels.Email, string.Join(", ", mail.Recipients), token => email.SendAsync(message, mail, token), failures, cancellationToken).ConfigureAwait(false);
        }

        if (failures.Count > 0)
        {
            // Retried while any channel may still be delivered; given up at once when none can.
            var retryable = failures.Any(f => f.IsRetryable);
            throw new ApplicationFailureException(
                string.Join(" ", failures.Select(f => f.Message)),
                retryable ? UnavailableErrorType : RejectedErrorType,
                nonRetryable: !retryable);
        }
    }

    private async Task TryAsync(NotificationMessage message, string channel, string recipient, Func<CancellationToken, Task> send, List<NotificationDeliveryException> failures, CancellationToken cancellationToken)
    {
        var request = message.Request;
        string? error = null;
        try
        {
            await send(cancellationToken).ConfigureAwait(false);
            LogSent(request.NotificationId, message.EventName, channel, request.RunId, request.BatchId);
        }
        catch (NotificationDeliveryException e)
        {
            error = e.Message;
            failures.Add(e);
            LogFailed(e, request.NotificationId, message.EventName, channel, e.IsRetryable);
        }

        await log.RecordAttemptAsync(
            request.ProjectId,
            new NotificationRecord(request.NotificationId, channel, message.EventName, request.RunId, request.BatchId, recipient, message.Link.ToString(), error is null ? "sent" : "failed", 1, error, default, null),
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Event}) sent by {Channel} (run {RunId}, batch {BatchId}).")]
    private partial void LogSent(Guid notificationId, string @event, string channel, Guid? runId, Guid? batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} ({Event}) by {Channel} failed (retryable: {Retryable}).")]
    private partial void LogFailed(Exception exception, Guid notificationId, string @event, string channel, bool retryable);
}
