using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using MimeKit;

namespace ContentFlows.Activities.Notifications;

/// <summary>
/// Where a project's people are told about its runs and batches: a signed webhook, e-mail over the project's SMTP
/// server, or both, for the events listed. Secrets (the signing key, the SMTP password) are project secrets named here.
/// </summary>
public sealed record NotificationSettings
{
    /// <summary>The event names, as <see cref="Events"/> lists them.</summary>
    public static readonly IReadOnlyList<string> EventNames = Enum.GetValues<NotificationEvent>().Select(Name).ToArray();

    /// <summary>Gets the events notified, by name (<c>awaiting-approval</c>, <c>escalated</c>, <c>run-failed</c>, <c>batch-finished</c>). Default all.</summary>
    public IReadOnlyList<string> Events { get; init; } = EventNames;

    /// <summary>Gets the webhook notified, or null for none.</summary>
    public WebhookNotificationSettings? Webhook { get; init; }

    /// <summary>Gets the e-mail notification, or null for none.</summary>
    public EmailNotificationSettings? Email { get; init; }

    /// <summary>Returns the name of <paramref name="notificationEvent"/> as settings and payloads spell it.</summary>
    public static string Name(NotificationEvent notificationEvent) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(notificationEvent.ToString());

    /// <summary>Returns whether <paramref name="notificationEvent"/> is notified.</summary>
    public bool Includes(NotificationEvent notificationEvent) => Events?.Contains(Name(notificationEvent), StringComparer.Ordinal) ?? false;

    /// <summary>Lists what is wrong as (field, problem) pairs, fields as JSON paths (e.g. <c>email.smtp.port</c>); empty when valid.</summary>
    public IReadOnlyList<(string Field, string Problem)> Validate()
    {
        var problems = new List<(string Field, string Problem)>();
        if (Events is null)
        {
            problems.Add(("events", $"must be a list of event names ({string.Join(", ", EventNames)})"));
        }
        else
        {
            for (var i = 0; i < Events.Count; i++)
            {
                if (!EventNames.Contains(Events[i], StringComparer.Ordinal))
                {
                    problems.Add(($"events[{i}]", $"must be one of {string.Join(", ", EventNames)} (was \"{Events[i]}\")"));
                }
            }
        }

        if (Webhook is { } webhook)
        {
            ValidateWebhook(webhook, problems);
        }

        if (Email is { } email)
        {
            ValidateEmail(email, problems);
        }

        return problems;
    }

    private static void ValidateWebhook(WebhookNotificationSettings webhook, List<(string Field, string Problem)> problems)
    {
        if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(url.UserInfo))
        {
            problems.Add(("webhook.url", $"must be an absolute http(s) URL without credentials (was \"{webhook.Url}\")"));
        }

        if (!NotificationSecretNames.IsValid(webhook.SigningSecretName))
        {
            problems.Add(("webhook.signingSecretName", $"must name the project secret (purpose webhook-signing) deliveries are signed with (was \"{webhook.SigningSecretName}\")"));
        }

        if (webhook.TimeoutSeconds is < 1 or > 60)
        {
            problems.Add(("webhook.timeoutSeconds", $"must be within 1..60 (was {webhook.TimeoutSeconds})"));
        }
    }

    private static void ValidateEmail(EmailNotificationSettings email, List<(string Field, string Problem)> problems)
    {
        if (email.Recipients is not { Count: > 0 } recipients)
        {
            problems.Add(("email.recipients", "must list at least one address"));
        }
        else
        {
            for (var i = 0; i < recipients.Count; i++)
            {
                if (!IsMailbox(recipients[i]))
                {
                    problems.Add(($"email.recipients[{i}]", $"must be an e-mail address such as reviewers@example.com (was \"{recipients[i]}\")"));
                }
            }
        }

        if (!IsMailbox(email.From))
        {
            problems.Add(("email.from", $"must be the sender's address, e.g. \"ContentFlows <noreply@example.com>\" (was \"{email.From}\")"));
        }

        if (email.Smtp is not { } smtp)
        {
            problems.Add(("email.smtp", "is required: the SMTP server's host, port and security"));
            return;
        }

        if (string.IsNullOrWhiteSpace(smtp.Host) || Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
        {
            problems.Add(("email.smtp.host", $"must be a host name or IP address without scheme or port (was \"{smtp.Host}\")"));
        }

        if (smtp.Port is < 1 or > 65535)
        {
            problems.Add(("email.smtp.port", $"must be within 1..65535 (was {smtp.Port})"));
        }

        if (!SmtpSecurityModes.All.Contains(smtp.Security, StringComparer.Ordinal))
        {
            problems.Add(("email.smtp.security", $"must be one of {string.Join(", ", SmtpSecurityModes.All)} (was \"{smtp.Security}\")"));
        }

        if (smtp.TimeoutSeconds is < 1 or > 120)
        {
            problems.Add(("email.smtp.timeoutSeconds", $"must be within 1..120 (was {smtp.TimeoutSeconds})"));
        }

        if (string.IsNullOrWhiteSpace(smtp.Username) != (smtp.PasswordSecretName is null))
        {
            problems.Add(("email.smtp.passwordSecretName", "must be given together with email.smtp.username (both for a server that authenticates, neither otherwise)"));
        }
        else if (smtp.PasswordSecretName is { } secretName && !NotificationSecretNames.IsValid(secretName))
        {
            problems.Add(("email.smtp.passwordSecretName", $"must name the project secret (purpose smtp-password) holding the password (was \"{secretName}\")"));
        }
    }

    private static bool IsMailbox(string? address) =>
        !string.IsNullOrWhiteSpace(address) && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);
}
