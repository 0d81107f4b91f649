using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Activities.Tests.Publishing;
using ContentFlows.Workflows.Pipelines;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Api.Tests.Projects;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ProjectSecretsTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const string SigningSecretName = "webhook-signing-key";
    private const string PasswordSecretName = "wp-app-password";
    private const string WordPressUser = "editor";

    // Every response body the test received from the API, to search for secrets.
    private readonly List<string> responses = [];

    [Fact]
    public async Task Secrets_UsedByARun_SentOnlyToTheirServicesAndNeverInHistoryLogsResponsesOrRows()
    {
        var llmKey = "sk-live-" + Guid.NewGuid().ToString("N");
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        var wordPressPassword = "abcd EFGH " + Guid.NewGuid().ToString("N")[..12];
        var basicToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WordPressUser}:{wordPressPassword}"));
        await using var openAi = await FakeOpenAiServer.StartAsync();
        openAi.Enqueue(FakeReply.Completion(Draft(), promptTokens: 90, completionTokens: 60));
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        await using var site = await FakeWordPress.StartAsync(WordPressUser, wordPressPassword);

        // Everything through the API: the project names its LLM endpoint, its secrets are PUT one by one.
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var created = await bootstrap.PostAsJsonAsync("/api/projects", new
        {
            name = "Acme Home",
            slug = "acme-" + Guid.NewGuid().ToString("N")[..10],
            brand = new { voiceAndTone = "Plain, friendly, specific.", bannedPhrases = Array.Empty<string>(), requiredPhrases = Array.Empty<string>() },
            quality = new { minScore = 70 },
            llm = new { endpoint = openAi.Endpoint.ToString(), requestTimeoutSeconds = 10, defaultModel = "gpt-test" },
        });
        var createdBody = await BodyAsync(created, HttpStatusCode.Created);
        var projectId = JsonDocument.Parse(createdBody).RootElement.GetProperty("project").GetProperty("id").GetGuid();
        var adminKey = JsonDocument.Parse(createdBody).RootElement.GetProperty("adminKey").GetProperty("key").GetString()!;
        using var admin = fixture.Client(adminKey);
        // Each secret declared for its one use and, for channel secrets, the one host it may go to (the fakes' 127.0.0.1).
        foreach (var (name, value, purpose, host) in new[] { (LlmSettings.DefaultApiKeySecret, llmKey, "llm-api-key", (string?)null), (SigningSecretName, signingKey, "webhook-signing", "127.0.0.1"), (PasswordSecretName, wordPressPassword, "wordpress-password", "127.0.0.1") })
        {
            using var put = await admin.PutAsJsonAsync($"/api/projects/{projectId}/secrets/{name}", new { value, purpose, host });
            await BodyAsync(put, HttpStatusCode.NoContent);
        }

        using var definition = await admin.PostAsJsonAsync("/api/definitions", new
        {
            name = "reviewed-and-syndicated",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 120 } },
                new { type = "approval", config = new { timeoutSeconds = 600 } },
                new
                {
                    type = "publish",
                    config = new
                    {
                        channels = new object[]
                        {
                            new { type = "webhook", url = receiver.Url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds = 10 },
                            new { type = "wordpress", url = site.SiteUrl.ToString(), username = WordPressUser, applicationPasswordSecretName = PasswordSecretName, timeoutSeconds = 10 },
                        },
                    },
                },
            },
        });
        var definitionId = JsonDocument.Parse(await BodyAsync(definition, HttpStatusCode.Created)).RootElement.GetProperty("id").GetGuid();
        using var start = await admin.PostAsJsonAsync("/api/runs", ApiEnvironmentFixture.StartBody(definitionId));
        var runId = JsonDocument.Parse(await BodyAsync(start, HttpStatusCode.Created)).RootElement.GetProperty("id").GetGuid();
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        using var approve = await admin.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        await BodyAsync(approve, HttpStatusCode.Accepted);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);

        // Each secret did its job, at its own service only.
        Assert.Equal("Bearer " + llmKey, Assert.Single(openAi.Requests).Authorization);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.True(delivery.SignatureValid, "the webhook signature does not verify with the signing secret");
        Assert.Single(receiver.Accepted);
        Assert.Single(site.Posts);
        Assert.NotEmpty(site.Requests);
        Assert.All(site.Requests, request => Assert.Equal((true, "Basic " + basicToken), (request.Authenticated, request.Authorization)));

        // What the API shows of the project and the run: secret names, never values.
        var run = JsonDocument.Parse(await GetAsync(admin, $"/api/runs/{runId}")).RootElement;
        Assert.Equal("published", run.GetProperty("state").GetString());
        var project = JsonDocument.Parse(await GetAsync(admin, $"/api/projects/{projectId}")).RootElement;
        Assert.Equal([LlmSettings.DefaultApiKeySecret, SigningSecretName, PasswordSecretName], project.GetProperty("secretNames").EnumerateArray().Select(n => n.GetString()));
        await GetAsync(admin, $"/api/runs/{runId}/versions");
        await GetAsync(admin, $"/api/runs/{runId}/costs");

        // The history, raw: every event's protobuf bytes with all payloads, and its JSON export.
        var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(run.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowExecutionCompleted);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.Input.Payloads_.Count > 0);
        var historyBytes = history.Events.SelectMany(e => e.ToByteArray()).ToArray();
        var historyJson = history.ToJson();

        // Not vacuous: the payloads are searchable as they are, and the stage config in them names the secrets (values must not be there).
        Assert.True(historyBytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(PasswordSecretName)) >= 0, "the publish stage's config is not in the history");

        // The logs of both hosts: the worker's too (its stages log the run), at every level.
        var logs = fixture.Logs.Lines;
        Assert.Contains(logs, line => line.Contains(" ContentFlows.Activities.", StringComparison.Ordinal) && line.Contains(runId.ToString(), StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains(" ContentFlows.Api.", StringComparison.Ordinal) && line.Contains(projectId.ToString(), StringComparison.Ordinal));

        // At rest: every row of every table as text, but the secrets' ciphertext, which must not hold the plaintext either.
        var rows = await StoredRowsAsync();
        Assert.Contains(runId.ToString(), rows, StringComparison.Ordinal);
        Assert.Contains(SigningSecretName, rows, StringComparison.Ordinal);
        var ciphertext = await fixture.Postgres.ScalarAsync<byte[]>(
            $"SELECT string_agg(ciphertext || nonce || tag, ''::bytea) FROM \"{fixture.Schema}\".project_secrets WHERE project_id = '{projectId}'");
        Assert.NotNull(ciphertext);

        foreach (var secret in new[] { llmKey, signingKey, wordPressPassword, basicToken })
        {
            var utf8 = Encoding.UTF8.GetBytes(secret);
            var encodings = new[] { secret, Convert.ToBase64String(utf8), Convert.ToHexStringLower(utf8) };
            Assert.True(historyBytes.AsSpan().IndexOf(utf8) < 0, "a secret is in the history's raw bytes");
            Assert.True(ciphertext.AsSpan().IndexOf(utf8) < 0, "a secret is stored in plaintext");
            foreach (var encoded in encodings)
            {
                Assert.DoesNotContain(encoded, historyJson, StringComparison.Ordinal);
                Assert.DoesNotContain(encoded, rows, StringComparison.Ordinal);
                Assert.DoesNotContain(responses, body => body.Contains(encoded, StringComparison.Ordinal));
                Assert.DoesNotContain(logs, line => line.Contains(encoded, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task CreateProject_BadBody_ProblemDetailsNamingFields()
    {
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var response = await bootstrap.PostAsJsonAsync("/api/projects", new
        {
            name = "",
            slug = "Not A Slug",
            quality = new { minScore = 101 },
            llm = new { endpoint = "ftp://example", temperature = 5 },
            secrets = new Dictionary<string, string> { ["BAD NAME"] = "x", ["ok-name"] = "" },
        });

        var problem = await Runs.RunsApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "slug", "quality.minScore", "llm.endpoint", "llm.temperature", "secrets.BAD NAME", "secrets.ok-name" }, fields);
        Assert.DoesNotContain("\"x\"", problem.ToString(), StringComparison.Ordinal);
    }

    private static string Draft() => JsonSerializer.Serialize(new ContentFields(
        "Acme Mesh Router: mesh wifi for busy families",
        "What the Acme Mesh Router offers busy families.",
        "Acme Mesh Router",
        "The Acme Mesh Router covers 120 square metres.\n\nIt keeps every room of a busy family's home online.",
        "Order the Acme Mesh Router today"));

    private async Task<string> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        responses.Add(body);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body;
    }

    private async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await BodyAsync(response, HttpStatusCode.OK);
    }

    // Every row of the schema as JSON text (bytea as hex), leaving out only the encrypted secret values.
    private async Task<string> StoredRowsAsync()
    {
        var tables = await fixture.Postgres.ScalarAsync<string>(
            $"SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = '{fixture.Schema}' AND table_type = 'BASE TABLE'");
        Assert.NotNull(tables);
        var dump = new StringBuilder();
        foreach (var table in tables.Split(','))
        {
            var row = table == "project_secrets" ? "to_jsonb(t) - 'ciphertext' - 'nonce' - 'tag'" : "to_jsonb(t)";
            dump.AppendLine(await fixture.Postgres.ScalarAsync<string>($"SELECT coalesce(string_agg(({row})::text, E'\\n'), '') FROM \"{fixture.Schema}\".\"{table}\" t"));
        }

        return dump.ToString();
    }
}
