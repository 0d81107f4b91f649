namespace ContentFlows.Activities.Notifications;

/// <summary>How the connection to an SMTP server is secured.</summary>
public static class SmtpSecurityModes
{
    /// <summary>Plain text, upgraded with STARTTLS; the server must offer it.</summary>
    public const string StartTls = "starttls";

    /// <summary>TLS from the first byte (usually port 465).</summary>
    public const string Tls = "tls";

    /// <summary>Plain text throughout: only to servers the worker's egress settings allow-list when a password is sent.</summary>
    public const string None = "none";

    /// <summary>Gets every mode.</summary>
    public static IReadOnlyList<string> All { get; } = [StartTls, Tls, None];
}
