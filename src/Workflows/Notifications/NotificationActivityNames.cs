namespace ContentFlows.Workflows.Notifications;

/// <summary>The activity names of notifications; the activity lives in ContentFlows.Activities.</summary>
public static class NotificationActivityNames
{
    /// <summary>Sends one notification through the project's channels: <see cref="NotificationRequest"/>.</summary>
    public const string Send = "notification.send";
}
