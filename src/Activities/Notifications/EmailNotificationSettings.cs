namespace ContentFlows.Activities.Notifications;

/// <summary>Who is e-mailed about a project's events, from which address, through which SMTP server.</summary>
public sealed record EmailNotificationSettings
{
    /// <summary>Gets the recipients' addresses.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Gets the sender, e.g. <c>ContentFlows &lt;noreply@example.com&gt;</c>.</summary>
    public string From { get; init; } = string.Empty;

    /// <summary>Gets the SMTP server the mail is submitted to.</summary>
    public SmtpSettings? Smtp { get; init; }
}
