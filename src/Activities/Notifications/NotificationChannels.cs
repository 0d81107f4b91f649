namespace ContentFlows.Activities.Notifications;

/// <summary>The channels a notification goes through.</summary>
public static class NotificationChannels
{
    /// <summary>The project's signed webhook.</summary>
    public const string Webhook = "webhook";

    /// <summary>E-mail through the project's SMTP server.</summary>
    public const string Email = "email";
}
