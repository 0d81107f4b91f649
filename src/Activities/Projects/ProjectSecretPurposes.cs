namespace ContentFlows.Activities.Projects;

/// <summary>What a project secret may be used for; a stage only uses a secret declared for its use.</summary>
public static class ProjectSecretPurposes
{
    /// <summary>The API key of the project's LLM endpoint.</summary>
    public const string LlmApiKey = "llm-api-key";

    /// <summary>The HMAC key a webhook channel signs with.</summary>
    public const string WebhookSigning = "webhook-signing";

    /// <summary>The application password of a WordPress channel.</summary>
    public const string WordPressPassword = "wordpress-password";

    /// <summary>The password of the SMTP server notifications are sent through.</summary>
    public const string SmtpPassword = "smtp-password";

    /// <summary>Gets every purpose.</summary>
    public static IReadOnlyList<string> All { get; } = [LlmApiKey, WebhookSigning, WordPressPassword, SmtpPassword];

    /// <summary>Returns whether a secret of <paramref name="purpose"/> must name the host it may be sent to (a channel URL is chosen by editors).</summary>
    public static bool RequiresHost(string purpose) => purpose is WebhookSigning or WordPressPassword or SmtpPassword;
}
