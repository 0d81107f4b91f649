using MimeKit;

namespace ContentFlows.Api.Tests.Notifications;

/// <summary>One message the local SMTP server accepted: the envelope recipients and the parsed message.</summary>
/// <param name="EnvelopeTo">The RCPT TO addresses.</param>
/// <param name="Message">The message as MimeKit parsed it.</param>
internal sealed record ReceivedMail(IReadOnlyList<string> EnvelopeTo, MimeMessage Message)
{
    /// <summary>Gets the X-ContentFlows-Event header.</summary>
    public string? Event => Message.Headers["X-ContentFlows-Event"];
}
