namespace ContentFlows.Activities.Notifications;

/// <summary>The webhook a project's notifications are POSTed to, signed as publish webhooks are.</summary>
public sealed record WebhookNotificationSettings
{
    /// <summary>Gets the receiver's URL (http(s); plain http only to hosts the worker allow-lists).</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>Gets the name of the project secret (purpose <c>webhook-signing</c>, host the URL's) deliveries are signed with.</summary>
    public string SigningSecretName { get; init; } = string.Empty;

    /// <summary>Gets how long one delivery may take, in seconds. Default 10.</summary>
    public int TimeoutSeconds { get; init; } = 10;
}
