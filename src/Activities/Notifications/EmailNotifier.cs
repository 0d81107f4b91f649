using System.Net.Sockets;
using ContentFlows.Activities.Egress;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Stages;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ContentFlows.Activities.Notifications;

/// <summary>
/// Sends a notification as e-mail (plain text and HTML) through the project's SMTP server with MailKit. The server's
/// name is resolved and vetted by the worker's <see cref="EgressPolicy"/> and the socket connects to the vetted
/// addresses only, as every HTTP call does; a password never travels in plain text to a host not allow-listed.
/// </summary>
public sealed class EmailNotifier(EgressPolicy egress, StageSecretReader secrets)
{
    /// <summary>Sends <paramref name="message"/> to the recipients of <paramref name="email"/>.</summary>
    /// <exception cref="NotificationDeliveryException">The server failed, refused, or may not be reached.</exception>
    public async Task SendAsync(NotificationMessage message, EmailNotificationSettings email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(email);
        var smtp = email.Smtp ?? throw new NotificationDeliveryException("The e-mail notification names no SMTP server.", isRetryable: false, innerException: null);
        var target = $"The SMTP server {smtp.Host}:{smtp.Port}";
        var password = await ReadPasswordAsync(message.Project.Id, smtp, target, cancellationToken).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            var addresses = await egress.ResolveAsync(smtp.Host, deadline.Token).ConfigureAwait(false);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // The vetted addresses themselves, never the name again: no second lookup can rebind it.
                await socket.ConnectAsync(addresses, smtp.Port, deadline.Token).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, smtp.Host, smtp.Port, SecureSocketOptionsOf(smtp.Security), deadline.Token).ConfigureAwait(false);
            if (smtp.Username is { } username && password is not null)
            {
                await client.AuthenticateAsync(username, password, deadline.Token).ConfigureAwait(false);
            }

            using var mail = Compose(message, email);
            await client.SendAsync(mail, deadline.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, deadline.Token).ConfigureAwait(false);
        }
        catch (EgressRefusedException e)
        {
            throw new NotificationDeliveryException($"{target} was refused by the worker's egress policy: {e.Message}.", isRetryable: false, e);
        }
        catch (AuthenticationException e)
        {
            throw new NotificationDeliveryException($"{target} refused the credentials of {smtp.Username} (password: the project secret \"{smtp.PasswordSecretName}\"): {e.Message}", isRetryable: false, e);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode is >= 500 and < 600)
        {
            // A permanent refusal (a recipient or sender the server will not take): another attempt gets the same answer.
            throw new NotificationDeliveryException($"{target} refused the message ({(int)e.StatusCode} {e.Message}).", isRetryable: false, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationDeliveryException($"{target} did not take the message within {smtp.TimeoutSeconds} s.", isRetryable: true, e);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
        {
            throw new NotificationDeliveryException($"{target} could not be reached or failed: {e.Message}", isRetryable: true, e);
        }
    }

    private static SecureSocketOptions SecureSocketOptionsOf(string security) => security switch
    {
        SmtpSecurityModes.Tls => SecureSocketOptions.SslOnConnect,
        SmtpSecurityModes.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static MimeMessage Compose(NotificationMessage message, EmailNotificationSettings email)
    {
        var mail = new MimeMessage { Subject = message.Subject, MessageId = $"{message.Request.NotificationId}@contentflows" };
        mail.From.Add(MailboxAddress.Parse(email.From));
        foreach (var recipient in email.Recipients)
        {
            mail.To.Add(MailboxAddress.Parse(recipient));
        }

        mail.Headers.Add("X-ContentFlows-Event", message.EventName);
        mail.Body = new BodyBuilder { TextBody = message.Text(), HtmlBody = message.Html() }.ToMessageBody();
        return mail;
    }

    private async Task<string?> ReadPasswordAsync(Guid projectId, SmtpSettings smtp, string target, CancellationToken cancellationToken)
    {
        if (smtp.Username is null || smtp.PasswordSecretName is not { } secretName)
        {
            return null;
        }

        if (smtp.Security == SmtpSecurityModes.None && !egress.IsAllowListed(new UriBuilder("smtp", smtp.Host).Uri))
        {
            throw new NotificationDeliveryException($"{target} would get the password in plain text: use security starttls or tls (plain SMTP to {smtp.Host} is not allow-listed in the worker's egress settings).", isRetryable: false, innerException: null);
        }

        try
        {
            return await secrets.RequireAsync(projectId, secretName, ProjectSecretPurposes.SmtpPassword, new UriBuilder("smtp", smtp.Host).Uri, $"the password of {target}", cancellationToken).ConfigureAwait(false);
        }
        catch (StageConfigurationException e)
        {
            throw new NotificationDeliveryException(e.Message, isRetryable: false, e);
        }
    }
}
