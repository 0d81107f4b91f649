using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Activities.Tests.Publishing;

namespace ContentFlows.Api.Tests.Notifications;

/// <summary>
/// Notifications over the real stack: the worker e-mails a real SMTP server on 127.0.0.1 and POSTs a real webhook
/// receiver that verifies the signature, for drafts awaiting approval, escalations, failed runs and finished batches,
/// each with the link to the reviewers' page; the API lists what was sent per run and batch.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class NotificationsTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const string SigningSecretName = "notify-signing";
    private const string Reviewers = "reviewers@acme.example";

    [Fact]
    public async Task ApprovalTimesOut_AwaitingApprovalThenEscalated_EmailedAndSignedWebhookWithReviewLink()
    {
        await using var smtp = await LocalSmtpServer.StartAsync();
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        await ConfigureAsync(projectId, adminKey, receiver, signingKey, smtp);
        using var admin = fixture.Client(adminKey);
        var definitionId = await CreateDefinitionAsync(admin, "escalating", new object[]
        {
            new { type = "generate", config = new { targetWords = 120 } },
            new { type = "approval", config = new { timeoutSeconds = 2, onTimeout = "escalate" } },
            new { type = "publish", config = new { channel = "static-files" } },
        });
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        var link = new Uri(fixture.BaseAddress, $"review?run={runId}").ToString();

        var awaiting = await WebhookAsync(receiver, "awaiting-approval", runId);
        var escalated = await WebhookAsync(receiver, "escalated", runId);
        foreach (var (delivery, state) in new[] { (awaiting, "awaiting-approval"), (escalated, "escalated") })
        {
            Assert.True(delivery.SignatureValid, delivery.Body);
            using var body = JsonDocument.Parse(delivery.Body);
            Assert.Equal(projectId, body.RootElement.GetProperty("projectId").GetGuid());
            Assert.Equal(state, body.RootElement.GetProperty("state").GetString());
            Assert.Equal(link, body.RootElement.GetProperty("reviewUrl").GetString());
            Assert.Equal(body.RootElement.GetProperty("id").GetString(), delivery.IdempotencyKey);
            Assert.Equal(body.RootElement.GetProperty("event").GetString(), delivery.Headers["X-ContentFlows-Event"]);
        }

        Assert.Contains("No decision within 2 s", JsonDocument.Parse(escalated.Body).RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var awaitingMail = await MailAsync(smtp, "awaiting-approval", runId);
        var escalatedMail = await MailAsync(smtp, "escalated", runId);
        Assert.Equal([Reviewers], awaitingMail.EnvelopeTo);
        var from = Assert.IsType<MimeKit.MailboxAddress>(Assert.Single(awaitingMail.Message.From));
        Assert.Equal(("Acme Home", "notify@acme.example"), (from.Name, from.Address));
        Assert.Equal("[Acme Home] A draft awaits approval", awaitingMail.Message.Subject);
        Assert.Equal("[Acme Home] Escalated: a draft still awaits approval", escalatedMail.Message.Subject);
        foreach (var mail in new[] { awaitingMail, escalatedMail })
        {
            Assert.Contains(link, mail.Message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{WebUtility.HtmlEncode(link)}\">", mail.Message.HtmlBody, StringComparison.Ordinal);
        }

        // The run still waits for a person: approving it publishes, and the log lists each event by both channels.
        await fixture.WaitForRunAsync(adminKey, runId, run => run.GetProperty("state").GetString() == "escalated");
        using (var approved = await admin.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" }))
        {
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }

        await fixture.WaitForRunAsync(adminKey, runId, run => run.GetProperty("state").GetString() == "published");
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/notifications");
        Assert.Equal(
            [("awaiting-approval", "email", "sent"), ("awaiting-approval", "webhook", "sent"), ("escalated", "email", "sent"), ("escalated", "webhook", "sent")],
            listed.EnumerateArray().Select(n => (n.GetProperty("event").GetString(), n.GetProperty("channel").GetString(), n.GetProperty("status").GetString())).Order().ToArray());
        Assert.All(listed.EnumerateArray(), n => Assert.Equal(link, n.GetProperty("link").GetString()));
        Assert.Equal(4L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".notifications WHERE run_id = '{runId}' AND status = 'sent' AND attempts = 1"));

        // The workflow's history shows each notification as its own activity.
        var history = await fixture.Temporal.GetWorkflowHandle($"pipeline-{runId:N}").FetchHistoryAsync();
        Assert.Equal(2, history.Events.Count(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "notification.send"));
        await HistoryRecorder.RecordAsync(fixture.Temporal, $"pipeline-{runId:N}", "pipeline-notifications-escalated.json");
    }

    [Fact]
    public async Task StageFailsForGood_RunFailedNotified_AndWebhookRefusalNeverFailsARun()
    {
        await using var smtp = await LocalSmtpServer.StartAsync();
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        await ConfigureAsync(projectId, adminKey, receiver, signingKey, smtp);
        using var admin = fixture.Client(adminKey);

        // The publish channel is the same receiver, refusing the content with 400: the run fails for good.
        var definitionId = await CreateDefinitionAsync(admin, "syndicated", new object[]
        {
            new { type = "generate", config = new { targetWords = 120 } },
            new { type = "publish", config = new { channels = new object[] { new { type = "webhook", url = receiver.Url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds = 10 } } } },
        });
        receiver.Enqueue(WebhookReply.Fail(400, "The receiver refuses this payload."));
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        var failed = await WebhookAsync(receiver, "run-failed", runId);
        Assert.True(failed.SignatureValid);
        using (var body = JsonDocument.Parse(failed.Body))
        {
            Assert.Equal("failed", body.RootElement.GetProperty("state").GetString());
            Assert.Contains("The publish stage failed", body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains("400", body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        var mail = await MailAsync(smtp, "run-failed", runId);
        Assert.Equal("[Acme Home] A run failed", mail.Message.Subject);
        Assert.Contains(new Uri(fixture.BaseAddress, $"review?run={runId}").ToString(), mail.Message.TextBody, StringComparison.Ordinal);
        await fixture.WaitForRunAsync(adminKey, runId, run => run.GetProperty("state").GetString() == "failed", deadlineSeconds: 30);
        await HistoryRecorder.RecordAsync(fixture.Temporal, $"pipeline-{runId:N}", "pipeline-notifications-run-failed.json");

        // Now the notification webhook itself refuses (400): the next run is published all the same, the e-mail goes
        // out, and the refusal is recorded once (a 400 is not retried).
        receiver.Enqueue(WebhookReply.Fail(400, "No notifications today."));
        var reviewedId = await CreateDefinitionAsync(admin, "reviewed", new object[]
        {
            new { type = "generate", config = new { targetWords = 120 } },
            new { type = "approval", config = new { timeoutSeconds = 600 } },
            new { type = "publish", config = new { channel = "static-files" } },
        });
        var secondRun = await fixture.StartRunAsync(adminKey, reviewedId);
        await MailAsync(smtp, "awaiting-approval", secondRun);
        await fixture.WaitForRunAsync(adminKey, secondRun, ApiEnvironmentFixture.IsAwaitingApproval);
        using (var approved = await admin.PostAsJsonAsync($"/api/runs/{secondRun}/approval", new { decision = "approve" }))
        {
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }

        await fixture.WaitForRunAsync(adminKey, secondRun, run => run.GetProperty("state").GetString() == "published");
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{secondRun}/notifications");
        var webhook = Assert.Single(listed.EnumerateArray(), n => n.GetProperty("channel").GetString() == "webhook");
        Assert.Equal(("failed", 1), (webhook.GetProperty("status").GetString(), webhook.GetProperty("attempts").GetInt32()));
        Assert.Contains("No notifications today.", webhook.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("sent", Assert.Single(listed.EnumerateArray(), n => n.GetProperty("channel").GetString() == "email").GetProperty("status").GetString());
    }

    [Fact]
    public async Task BatchEnds_BatchFinishedNotifiedWithCountsAndLink_ListedForTheBatch()
    {
        await using var smtp = await LocalSmtpServer.StartAsync();
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        await ConfigureAsync(projectId, adminKey, receiver, signingKey, smtp);
        using var admin = fixture.Client(adminKey);
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var datasetId = await Batches.BatchesApiTests.UploadCsvAsync(admin, "topic,audience,keywords\nAcme Mesh Router,busy families,mesh wifi\nAcme Desk Lamp,,lamp\n");
        using var started = await admin.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en" } });
        var startedBody = await started.Content.ReadAsStringAsync();
        Assert.True(started.IsSuccessStatusCode, startedBody);
        var batchId = JsonDocument.Parse(startedBody).RootElement.GetProperty("id").GetGuid();
        var link = new Uri(fixture.BaseAddress, $"review?batch={batchId}").ToString();

        var finished = await WaitForAsync(() => receiver.Deliveries.FirstOrDefault(d => d.Body.Contains("\"batch-finished\"", StringComparison.Ordinal) && d.Body.Contains(batchId.ToString(), StringComparison.Ordinal)), "the batch-finished webhook");
        Assert.True(finished.SignatureValid);
        using (var body = JsonDocument.Parse(finished.Body))
        {
            Assert.Equal(batchId, body.RootElement.GetProperty("batchId").GetGuid());
            Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("runId").ValueKind);
            Assert.Equal(link, body.RootElement.GetProperty("reviewUrl").GetString());
            var counts = body.RootElement.GetProperty("batch");
            Assert.Equal(2, counts.GetProperty("total").GetInt32());
            Assert.Equal(2, counts.GetProperty("completed").GetInt32() + counts.GetProperty("awaitingReview").GetInt32());
        }

        var mail = await WaitForAsync(() => smtp.Received.FirstOrDefault(m => m.Event == "batch-finished" && (m.Message.TextBody ?? string.Empty).Contains(batchId.ToString(), StringComparison.Ordinal)), "the batch-finished e-mail");
        Assert.StartsWith("[Acme Home] Batch finished: ", mail.Message.Subject, StringComparison.Ordinal);
        Assert.Contains(link, mail.Message.TextBody, StringComparison.Ordinal);

        var listed = await WaitForAsync(
            async () =>
            {
                var rows = await admin.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}/notifications");
                return rows.GetArrayLength() == 2 ? rows : (JsonElement?)null;
            },
            "two notification rows for the batch");
        Assert.Equal(["email", "webhook"], listed.EnumerateArray().Select(n => n.GetProperty("channel").GetString()!).Order().ToArray());
        Assert.All(listed.EnumerateArray(), n => Assert.Equal(("batch-finished", "sent"), (n.GetProperty("event").GetString(), n.GetProperty("status").GetString())));
        var batchWorkflowId = JsonDocument.Parse(startedBody).RootElement.GetProperty("workflowId").GetString()!;
        await fixture.Temporal.GetWorkflowHandle(batchWorkflowId).GetResultAsync();
        await HistoryRecorder.RecordAsync(fixture.Temporal, batchWorkflowId, "batch-notifications.json");
    }

    [Fact]
    public async Task PutSettings_BadValuesMissingSecretsAndEditorKey_RefusedNamingTheField()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var admin = fixture.Client(adminKey);
        using var bad = await admin.PutAsJsonAsync($"/api/projects/{projectId}/notifications", new
        {
            events = new[] { "awaiting-approval", "published" },
            webhook = new { url = "ftp://hooks.example/x", signingSecretName = "Bad Name", timeoutSeconds = 0 },
            email = new { recipients = new[] { "not-an-address" }, from = string.Empty, smtp = new { host = "smtp.example", port = 70000, security = "ssl3", username = "bot" } },
        });
        var problem = await Runs.RunsApiTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Superset(
            new HashSet<string> { "events[1]", "webhook.url", "webhook.signingSecretName", "webhook.timeoutSeconds", "email.recipients[0]", "email.from", "email.smtp.port", "email.smtp.security", "email.smtp.passwordSecretName" },
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet());

        using var misspelt = await admin.PutAsJsonAsync($"/api/projects/{projectId}/notifications", new { webhok = new { url = "https://hooks.example/x" } });
        Assert.True((await Runs.RunsApiTests.AssertProblemAsync(misspelt, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("webhok", out _));

        var valid = new
        {
            webhook = new { url = "https://hooks.example/notify", signingSecretName = SigningSecretName },
            email = new { recipients = new[] { Reviewers }, from = "notify@acme.example", smtp = new { host = "smtp.example", port = 587, security = "starttls", username = "bot", passwordSecretName = "smtp-pass" } },
        };
        using var missingSecrets = await admin.PutAsJsonAsync($"/api/projects/{projectId}/notifications", valid);
        var missing = await Runs.RunsApiTests.AssertProblemAsync(missingSecrets, HttpStatusCode.BadRequest);
        Assert.Contains("has no secret \"notify-signing\"", missing.GetProperty("errors").GetProperty("webhook.signingSecretName")[0].GetString(), StringComparison.Ordinal);
        Assert.True(missing.GetProperty("errors").TryGetProperty("email.smtp.passwordSecretName", out _));

        // A secret declared for another host is refused too: the webhook URL decides where the signing key may go.
        await PutSecretAsync(admin, projectId, SigningSecretName, "k", "webhook-signing", "elsewhere.example");
        await PutSecretAsync(admin, projectId, "smtp-pass", "p", "smtp-password", "smtp.example");
        using var wrongHost = await admin.PutAsJsonAsync($"/api/projects/{projectId}/notifications", valid);
        var wrong = await Runs.RunsApiTests.AssertProblemAsync(wrongHost, HttpStatusCode.BadRequest);
        Assert.Equal(["webhook.signingSecretName"], wrong.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());

        await PutSecretAsync(admin, projectId, SigningSecretName, "k", "webhook-signing", "hooks.example");
        using (var stored = await admin.PutAsJsonAsync($"/api/projects/{projectId}/notifications", valid))
        {
            Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());
        }

        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/notifications");
        Assert.Equal(["awaiting-approval", "escalated", "run-failed", "batch-finished"], read.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("smtp-pass", read.GetProperty("email").GetProperty("smtp").GetProperty("passwordSecretName").GetString());
        Assert.DoesNotContain("\"k\"", read.ToString(), StringComparison.Ordinal);

        var editorKey = await fixture.CreateKeyAsync(adminKey, "ed", "editor");
        using var editor = fixture.Client(editorKey);
        using var forbidden = await editor.PutAsJsonAsync($"/api/projects/{projectId}/notifications", valid);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static async Task PutSecretAsync(HttpClient admin, Guid projectId, string name, string value, string purpose, string host)
    {
        using var put = await admin.PutAsJsonAsync($"/api/projects/{projectId}/secrets/{name}", new { value, purpose, host });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private static async Task<Guid> CreateDefinitionAsync(HttpClient admin, string name, object[] stages)
    {
        using var response = await admin.PostAsJsonAsync("/api/definitions", new { name, stages });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    // Every event, by the signed webhook (key declared for the receiver's host) and by e-mail through the local server.
    private async Task ConfigureAsync(Guid projectId, string adminKey, FakeWebhookReceiver receiver, string signingKey, LocalSmtpServer smtp)
    {
        using var admin = fixture.Client(adminKey);
        await PutSecretAsync(admin, projectId, SigningSecretName, signingKey, "webhook-signing", receiver.Url.Host);
        using var put = await admin.PutAsJsonAsync($"/api/projects/{projectId}/notifications", new
        {
            events = new[] { "awaiting-approval", "escalated", "run-failed", "batch-finished" },
            webhook = new { url = receiver.Url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds = 10 },
            email = new { recipients = new[] { Reviewers }, from = "Acme Home <notify@acme.example>", smtp = new { host = "127.0.0.1", port = smtp.Port, security = "none", timeoutSeconds = 10 } },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private static Task<WebhookDelivery> WebhookAsync(FakeWebhookReceiver receiver, string eventName, Guid runId) =>
        WaitForAsync(() => receiver.Deliveries.FirstOrDefault(d => d.Headers.GetValueOrDefault("X-ContentFlows-Event") == eventName && d.Body.Contains(runId.ToString(), StringComparison.Ordinal)), $"the {eventName} webhook of run {runId}");

    private static Task<ReceivedMail> MailAsync(LocalSmtpServer smtp, string eventName, Guid runId) =>
        WaitForAsync(() => smtp.Received.FirstOrDefault(m => m.Event == eventName && (m.Message.TextBody ?? string.Empty).Contains(runId.ToString(), StringComparison.Ordinal)), $"the {eventName} e-mail of run {runId}");

    private static Task<T> WaitForAsync<T>(Func<T?> find, string what)
        where T : class =>
        WaitForAsync(() => Task.FromResult(find()), what);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> find, string what)
        where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (await find() is { } found)
            {
                return found;
            }

            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No {what} within 60 s.");
            }
        }
    }

    // A JSON value is a struct: waited for boxed, through the same poll.
    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement?>> find, string what) =>
        (JsonElement)await WaitForAsync<object>(async () => await find() is { } found ? found : null, what);
}
