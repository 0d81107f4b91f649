namespace ContentFlows.Activities.Notifications;

/// <summary>The SMTP server a project's notification mail is submitted to.</summary>
public sealed record SmtpSettings
{
    /// <summary>Gets the server's host name or IP address.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>Gets the port. Default 587 (submission).</summary>
    public int Port { get; init; } = 587;

    /// <summary>Gets the transport security, one of <see cref="SmtpSecurityModes"/>. Default <see cref="SmtpSecurityModes.StartTls"/>.</summary>
    public string Security { get; init; } = SmtpSecurityModes.StartTls;

    /// <summary>Gets the user name to authenticate as, or null for a server that does not authenticate.</summary>
    public string? Username { get; init; }

    /// <summary>Gets the name of the project secret (purpose <c>smtp-password</c>, host <see cref="Host"/>) holding the password.</summary>
    public string? PasswordSecretName { get; init; }

    /// <summary>Gets how long one submission may take, in seconds. Default 30.</summary>
    public int TimeoutSeconds { get; init; } = 30;
}
