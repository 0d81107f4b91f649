using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Content;
using ContentFlows.Activities.Pipelines;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Pipelines;
using Temporalio.Client;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>
/// Pipelines (generate → publish) publishing to a real webhook receiver and a real fake WordPress on 127.0.0.1, through
/// the dev server, PostgreSQL and the worker: signatures, retries, lost responses, refusals, and secrets kept out of
/// histories and logs.
/// </summary>
[Collection(PipelineEnvironmentCollection.Name)]
public sealed class PublishChannelsEndToEndTests(PipelineEnvironmentFixture fixture)
{
    private const string SigningSecretName = "webhook-signing-key";
    private const string PasswordSecretName = "wp-app-password";
    private const string WordPressUser = "editor";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Webhook_Pipeline_DeliversSignedContentOnceAndKeepsTheKeySecret()
    {
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        var project = await ProjectWithSecretAsync(SigningSecretName, signingKey);

        var (handle, runId) = await StartAsync(project.Id, WebhookChannel(receiver.Url));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.True(delivery.SignatureValid);
        Assert.Equal($"{runId:N}:stage:1:round:0:v1:webhook:0", delivery.IdempotencyKey);
        Assert.Equal(delivery.Body, Assert.Single(receiver.Accepted).Value);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"], StringComparison.Ordinal);

        // The body is the generated version, as stored.
        var versions = await fixture.Services.GetRequiredService<ContentVersionStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated, ContentVersionKind.Published], versions.Select(v => v.Kind));
        var fields = versions[0].Fields;
        var payload = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal(
            ("content.published", delivery.IdempotencyKey, runId, project.Id, 1, fields.Title, fields.MetaDescription, fields.H1, fields.Body, fields.Cta, Slug.From(fields.Title)),
            (payload.GetProperty("event").GetString(), payload.GetProperty("idempotencyKey").GetString(), payload.GetProperty("runId").GetGuid(), payload.GetProperty("projectId").GetGuid(),
             payload.GetProperty("version").GetInt32(), payload.GetProperty("title").GetString(), payload.GetProperty("metaDescription").GetString(), payload.GetProperty("h1").GetString(),
             payload.GetProperty("body").GetString(), payload.GetProperty("cta").GetString(), payload.GetProperty("slug").GetString()));
        Assert.EndsWith($"<p class=\"cta\">{System.Net.WebUtility.HtmlEncode(fields.Cta)}</p>\n", payload.GetProperty("html").GetString(), StringComparison.Ordinal);

        var publication = Assert.Single(await PublicationsAsync(runId));
        Assert.Equal((PublishChannelTypes.Webhook, receiver.Url.ToString(), 2), (publication.Channel, publication.Location, publication.PublishedVersion));

        await SecretLeakCheck.AssertAbsentAsync(handle, runId, fixture.Logs, signingKey);
    }

    [Fact]
    public async Task Webhook_RateLimitedThenUnavailable_RetriesAfterRetryAfterAndIsAcceptedOnce()
    {
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        receiver.Enqueue(WebhookReply.Fail(429, "slow down", ("Retry-After", "2")), WebhookReply.Fail(503, "deploying"));
        var project = await ProjectWithSecretAsync(SigningSecretName, signingKey);

        var (handle, runId) = await StartAsync(project.Id, WebhookChannel(receiver.Url));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        var deliveries = receiver.Deliveries;
        Assert.Equal([429, 503, 200], deliveries.Select(d => d.Status));
        Assert.All(deliveries, d => Assert.True(d.SignatureValid));
        Assert.Single(deliveries.Select(d => d.IdempotencyKey).Distinct());
        Assert.Single(receiver.Accepted);
        Assert.Single(await PublicationsAsync(runId));

        // Retry-After (2 s) was waited out: the retry policy alone would have retried after 1 s.
        Assert.True(deliveries[1].ReceivedAt - deliveries[0].ReceivedAt >= TimeSpan.FromSeconds(1.9), $"retried after {deliveries[1].ReceivedAt - deliveries[0].ReceivedAt}");
        Assert.Equal((3, PublishChannelErrorTypes.Unavailable), Assert.Single(await PublishAttemptsAsync(handle)));
    }

    [Fact]
    public async Task Webhook_ResponseLostAfterAccepting_RetrySendsTheSameKeyAndTheReceiverActsOnce()
    {
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        receiver.Enqueue(WebhookReply.AcceptWithoutAnswer());
        var project = await ProjectWithSecretAsync(SigningSecretName, signingKey);

        var (handle, runId) = await StartAsync(project.Id, WebhookChannel(receiver.Url, timeoutSeconds: 1));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        var deliveries = receiver.Deliveries;
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(deliveries[0].IdempotencyKey, deliveries[1].IdempotencyKey);
        Assert.Equal(deliveries[0].Body, deliveries[1].Body);
        Assert.Single(receiver.Accepted);
        Assert.Single(await PublicationsAsync(runId));
        Assert.Equal((2, PublishChannelErrorTypes.NoAnswer), Assert.Single(await PublishAttemptsAsync(handle)));
    }

    [Fact]
    public async Task Webhook_BadRequest_FailsTheRunAtOnceWithTheReceiversMessageAndRecordsNothing()
    {
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        receiver.Enqueue(WebhookReply.Fail(400, "field 'h1' is too long"));
        var project = await ProjectWithSecretAsync(SigningSecretName, signingKey);

        var (handle, runId) = await StartAsync(project.Id, WebhookChannel(receiver.Url));
        var failure = await AssertStageFailsAsync(handle);

        Assert.Equal(PublishChannelErrorTypes.Rejected, failure.ErrorType);
        Assert.True(failure.NonRetryable);
        Assert.Contains($"The webhook {receiver.Url} refused the publication (HTTP 400 BadRequest)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("field 'h1' is too long", failure.Message, StringComparison.Ordinal);
        Assert.Single(receiver.Deliveries);
        Assert.Empty(await PublicationsAsync(runId));
        var versions = await fixture.Services.GetRequiredService<ContentVersionStore>().ListAsync(runId, CancellationToken.None);
        Assert.Equal([ContentVersionKind.Generated], versions.Select(v => v.Kind));
        await SecretLeakCheck.AssertAbsentAsync(handle, runId, fixture.Logs, signingKey);
    }

    [Fact]
    public async Task Webhook_SigningSecretMissing_FailsAsAConfigurationErrorWithoutSending()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync("unused");
        var project = await fixture.CreateProjectAsync();

        var (handle, _) = await StartAsync(project.Id, WebhookChannel(receiver.Url));
        var failure = await AssertStageFailsAsync(handle);

        Assert.Equal(PipelineActivities.InvalidStageConfigErrorType, failure.ErrorType);
        Assert.Contains($"the project secret \"{SigningSecretName}\", which the project does not have", failure.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Deliveries);
    }

    [Fact]
    public async Task WordPress_Pipeline_CreatesOneDraftWithBasicAuthAndRecordsThePost()
    {
        var password = "abcd EFGH " + Guid.NewGuid().ToString("N")[..12];
        await using var site = await FakeWordPress.StartAsync(WordPressUser, password);
        var project = await ProjectWithSecretAsync(PasswordSecretName, password);

        var (handle, runId) = await StartAsync(project.Id, WordPressChannel(site.SiteUrl));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        var fields = (await fixture.Services.GetRequiredService<ContentVersionStore>().GetAsync(runId, 1, CancellationToken.None)).Fields;
        var post = Assert.Single(site.Posts);
        Assert.Equal(("draft", fields.Title, Slug.From(fields.Title), fields.MetaDescription, WordPressUser), (post.Status, post.Title, post.Slug, post.Excerpt, post.Author));
        Assert.Contains($"<p class=\"cta\">{System.Net.WebUtility.HtmlEncode(fields.Cta)}</p>", post.Content, StringComparison.Ordinal);
        Assert.Contains($"<!-- contentflows-publication {runId:N}:stage:1:round:0:v1:wordpress:0 -->", post.Content, StringComparison.Ordinal);
        Assert.Equal(["GET", "POST"], site.Requests.Select(r => r.Method));
        Assert.All(site.Requests, r => Assert.True(r.Authenticated));

        var publication = Assert.Single(await PublicationsAsync(runId));
        Assert.Equal((PublishChannelTypes.WordPress, post.Link, post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (publication.Channel, publication.Location, publication.RemoteId));

        var basicToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WordPressUser}:{password}"));
        await SecretLeakCheck.AssertAbsentAsync(handle, runId, fixture.Logs, password, basicToken);
    }

    [Fact]
    public async Task WordPress_TopicWithMarkup_TitleAndExcerptSentHtmlEncoded()
    {
        var password = "abcd EFGH " + Guid.NewGuid().ToString("N")[..12];
        await using var site = await FakeWordPress.StartAsync(WordPressUser, password);
        var project = await ProjectWithSecretAsync(PasswordSecretName, password);
        var brief = PipelineEnvironmentFixture.Brief() with { Topic = "<img src=x onerror=alert(1)> Router & Co" };

        var (handle, runId) = await StartAsync(project.Id, WordPressChannel(site.SiteUrl), brief);
        Assert.Equal(PipelineRunState.Published, (await handle.GetResultAsync().WaitAsync(Deadline)).State);

        // WordPress stores title and excerpt as HTML (raw for users allowed unfiltered HTML): markup must arrive as text.
        var fields = (await fixture.Services.GetRequiredService<ContentVersionStore>().GetAsync(runId, 1, CancellationToken.None)).Fields;
        Assert.Contains("<img", fields.Title + fields.MetaDescription, StringComparison.Ordinal);
        var post = Assert.Single(site.Posts);
        Assert.Equal((System.Net.WebUtility.HtmlEncode(fields.Title), System.Net.WebUtility.HtmlEncode(fields.MetaDescription)), (post.Title, post.Excerpt));
        Assert.DoesNotContain("<", post.Title + post.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WordPress_ResponseLostAfterCreating_RetryAdoptsTheDraftInsteadOfPostingAgain()
    {
        var password = "app-" + Guid.NewGuid().ToString("N")[..16];
        await using var site = await FakeWordPress.StartAsync(WordPressUser, password);
        site.HangAfterNextCreate();
        var project = await ProjectWithSecretAsync(PasswordSecretName, password);

        var (handle, runId) = await StartAsync(project.Id, WordPressChannel(site.SiteUrl, timeoutSeconds: 1));
        var result = await handle.GetResultAsync().WaitAsync(Deadline);

        Assert.Equal(PipelineRunState.Published, result.State);
        var post = Assert.Single(site.Posts);
        Assert.Equal(["GET", "POST", "GET"], site.Requests.Select(r => r.Method));
        var publication = Assert.Single(await PublicationsAsync(runId));
        Assert.Equal((post.Link, post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (publication.Location, publication.RemoteId));
        Assert.Equal((2, PublishChannelErrorTypes.NoAnswer), Assert.Single(await PublishAttemptsAsync(handle)));
    }

    [Fact]
    public async Task WordPress_WrongApplicationPassword_FailsAtOnceNamingTheUserAndSecret()
    {
        await using var site = await FakeWordPress.StartAsync(WordPressUser, "the-right-one");
        var project = await ProjectWithSecretAsync(PasswordSecretName, "a-wrong-one");

        var (handle, _) = await StartAsync(project.Id, WordPressChannel(site.SiteUrl));
        var failure = await AssertStageFailsAsync(handle);

        Assert.Equal(PublishChannelErrorTypes.Rejected, failure.ErrorType);
        Assert.Contains("refused the publication (HTTP 401 Unauthorized): {\"code\":\"incorrect_password\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"user \"{WordPressUser}\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"project secret \"{PasswordSecretName}\"", failure.Message, StringComparison.Ordinal);
        Assert.Single(site.Requests);
        Assert.Empty(site.Posts);
    }

    [Fact]
    public async Task AddVersion_BadChannels_RefusedListingEveryProblem()
    {
        var project = await fixture.CreateProjectAsync();
        var definitions = fixture.Services.GetRequiredService<PipelineDefinitionStore>();

        var refused = await Assert.ThrowsAsync<PipelineDefinitionRejectedException>(() => definitions.AddVersionAsync(
            project.Id,
            "bad-channels",
            [
                StageDefinition.Create("generate"),
                StageDefinition.Create("publish", new
                {
                    channels = new object[]
                    {
                        new { type = "ftp" },
                        new { type = "webhook", signingSecretName = SigningSecretName },
                        new { type = "wordpress", url = "https://blog.example", username = "editor" },
                        new { type = "webhook", url = "https://user:pw@hooks.example/x", signingSecretName = "Not A Name" },
                    },
                }),
                StageDefinition.Create("publish", new { channel = "webhook" }),
            ],
            CancellationToken.None));

        Assert.Equal(
            [
                "Stage 1 (publish): channels[0].type: unknown channel \"ftp\"; known: static-files, webhook, wordpress.",
                "Stage 1 (publish): channels[1].url is required for a webhook channel.",
                "Stage 1 (publish): channels[2].applicationPasswordSecretName is required: the name of the project secret to use (the secret itself never goes into a definition).",
                "Stage 1 (publish): channels[3].url must not carry credentials; name a project secret instead.",
                "Stage 1 (publish): channels[3].signingSecretName must be a secret name: lower-case letters, digits and - _ . : (at most 64 characters) (was \"Not A Name\").",
                "Stage 2 (publish): channel \"webhook\" needs settings: list it under channels, e.g. \"channels\": [{\"type\": \"webhook\", \"url\": \"https://…\", …}].",
            ],
            refused.Problems);
    }

    private static object WebhookChannel(Uri url, int timeoutSeconds = 10) =>
        new { channels = new[] { new { type = PublishChannelTypes.Webhook, url = url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds } } };

    private static object WordPressChannel(Uri site, int timeoutSeconds = 10) =>
        new { channels = new[] { new { type = PublishChannelTypes.WordPress, url = site.ToString(), username = WordPressUser, applicationPasswordSecretName = PasswordSecretName, timeoutSeconds } } };

    private static async Task<ApplicationFailureException> AssertStageFailsAsync(WorkflowHandle<PipelineWorkflow, PipelineResult> handle)
    {
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Deadline));
        var activity = Assert.IsType<ActivityFailureException>(failed.InnerException);
        return Assert.IsType<ApplicationFailureException>(activity.InnerException);
    }

    // The publish activity's final attempt and the error type of the attempt before it, from the history.
    private static async Task<IReadOnlyList<(int Attempt, string? LastFailure)>> PublishAttemptsAsync(WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        var publishSchedules = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled
                && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == PublishStage.Name)
            .Select(e => e.EventId)
            .ToHashSet();
        return history.Events
            .Where(e => e.EventType == EventType.ActivityTaskStarted && publishSchedules.Contains(e.ActivityTaskStartedEventAttributes.ScheduledEventId))
            .Select(e => (e.ActivityTaskStartedEventAttributes.Attempt, e.ActivityTaskStartedEventAttributes.LastFailure?.ApplicationFailureInfo?.Type))
            .ToList();
    }

    private async Task<Project> ProjectWithSecretAsync(string name, string value)
    {
        var project = await fixture.CreateProjectAsync();
        var purpose = name == SigningSecretName ? ProjectSecretPurposes.WebhookSigning : ProjectSecretPurposes.WordPressPassword;
        await fixture.Services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, name, value, new ProjectSecretScope(purpose, "127.0.0.1"), CancellationToken.None);
        return project;
    }

    private async Task<(WorkflowHandle<PipelineWorkflow, PipelineResult> Handle, Guid RunId)> StartAsync(Guid projectId, object publishConfig, ContentBrief? brief = null)
    {
        var definition = await fixture.Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            projectId,
            "publish-channels",
            [StageDefinition.Create("generate", new { targetWords = 120 }), StageDefinition.Create("publish", publishConfig)],
            CancellationToken.None);
        var handle = await fixture.Services.GetRequiredService<PipelineRunLauncher>().StartAsync(projectId, definition.DefinitionId, definition.Version, brief ?? PipelineEnvironmentFixture.Brief(), fixture.TaskQueue, CancellationToken.None);
        return (handle, Guid.ParseExact(handle.Id["pipeline-".Length..], "N"));
    }

    private Task<IReadOnlyList<Publication>> PublicationsAsync(Guid runId) =>
        fixture.Services.GetRequiredService<StaticSitePublisher>().ListAsync(runId, CancellationToken.None);
}
