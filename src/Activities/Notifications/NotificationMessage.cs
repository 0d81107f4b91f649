using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Notifications;

/// <summary>What one notification says, in each channel's form: a subject, plain text and HTML for e-mail, JSON for the webhook.</summary>
/// <param name="Request">What happened.</param>
/// <param name="Project">The project it happened in.</param>
/// <param name="Link">The reviewers' page link it carries.</param>
public sealed record NotificationMessage(NotificationRequest Request, Project Project, Uri Link)
{
    /// <summary>Gets the event's name, e.g. <c>awaiting-approval</c>.</summary>
    public string EventName => NotificationSettings.Name(Request.Event);

    /// <summary>Gets the e-mail subject.</summary>
    public string Subject => $"[{Project.Name}] {Headline}";

    private string Headline => Request.Event switch
    {
        NotificationEvent.AwaitingApproval => Request.State == "needs-review" ? "A draft needs review" : "A draft awaits approval",
        NotificationEvent.Escalated => "Escalated: a draft still awaits approval",
        NotificationEvent.RunFailed => "A run failed",
        NotificationEvent.BatchFinished when Request.Batch is { } batch => string.Create(
            CultureInfo.InvariantCulture,
            $"Batch {(batch.WasCancelled ? "cancelled" : "finished")}: {batch.Completed} of {batch.Total} completed, {batch.AwaitingReview} awaiting review, {batch.Failed} failed"),
        _ => "Batch finished",
    };

    private IEnumerable<(string Label, string Value)> Facts()
    {
        yield return ("Project", Project.Name);
        if (Request.RunId is { } run)
        {
            yield return ("Run", run.ToString());
        }

        if (Request.BatchId is { } batch)
        {
            yield return ("Batch", batch.ToString());
        }

        if (Request.State is { } state)
        {
            yield return ("State", state);
        }

        if (Request.Reason is { } reason)
        {
            yield return ("Reason", reason);
        }

        if (Request.Batch is { } counts)
        {
            yield return ("Items", string.Create(
                CultureInfo.InvariantCulture,
                $"{counts.Total} total: {counts.Completed} completed, {counts.AwaitingReview} awaiting review, {counts.Rejected} rejected, {counts.Failed} failed, {counts.Skipped} skipped, {counts.Cancelled} cancelled"));
        }
    }

    /// <summary>Returns the plain-text body.</summary>
    public string Text()
    {
        var text = new StringBuilder().AppendLine(Headline).AppendLine();
        foreach (var (label, value) in Facts())
        {
            text.Append(label).Append(": ").AppendLine(value);
        }

        return text.AppendLine().Append("Reviewers' page: ").AppendLine(Link.ToString()).ToString();
    }

    /// <summary>Returns the HTML body; every value is encoded, so a reason cannot inject markup.</summary>
    public string Html()
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>")
            .Append("<h1>").Append(WebUtility.HtmlEncode(Headline)).Append("</h1><table>");
        foreach (var (label, value) in Facts())
        {
            html.Append("<tr><th align=\"left\">").Append(WebUtility.HtmlEncode(label)).Append("</th><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        var link = WebUtility.HtmlEncode(Link.ToString());
        return html.Append("</table><p><a href=\"").Append(link).Append("\">Open the reviewers' page</a></p></body></html>").ToString();
    }

    /// <summary>Returns the webhook body (UTF-8 JSON); the same on every attempt, so a receiver may compare by id.</summary>
    public byte[] WebhookBody() => JsonSerializer.SerializeToUtf8Bytes(
        new
        {
            id = Request.NotificationId,
            @event = EventName,
            projectId = Project.Id,
            projectSlug = Project.Slug,
            runId = Request.RunId,
            batchId = Request.BatchId,
            state = Request.State,
            reason = Request.Reason,
            batch = Request.Batch,
            reviewUrl = Link,
        },
        PipelineJson.Options);
}
