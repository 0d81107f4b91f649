using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Google.Protobuf;

namespace ContentFlows.Api.Tests.Projects;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ProjectSecretsTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task Secret_RunOfItsProject_NeverInHistoryLogsOrResponses()
    {
        var secret = "sk-live-" + Guid.NewGuid().ToString("N");
        var token = "wp-token-" + Guid.NewGuid().ToString("N");
        var (projectId, adminKey) = await fixture.CreateProjectAsync(new Dictionary<string, string> { ["llm-api-key"] = secret });
        using var admin = fixture.Client(adminKey);
        using var put = await admin.PutAsJsonAsync($"/api/projects/{projectId}/secrets/channel:wordpress", new { value = token });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        using var approve = await admin.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        var finished = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());

        // The API names the secrets and never returns them.
        var projectBody = await admin.GetStringAsync(new Uri($"/api/projects/{projectId}", UriKind.Relative));
        Assert.Equal(["channel:wordpress", "llm-api-key"], JsonDocument.Parse(projectBody).RootElement.GetProperty("secretNames").EnumerateArray().Select(n => n.GetString()));

        // The history, raw: every event's protobuf bytes and its JSON export.
        var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(finished.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == Temporalio.Api.Enums.V1.EventType.WorkflowExecutionCompleted);
        var historyBytes = history.Events.SelectMany(e => e.ToByteArray()).ToArray();
        var historyJson = history.ToJson();

        // At rest: only ciphertext.
        var storedBytes = await fixture.Postgres.ScalarAsync<byte[]>(
            $"SELECT string_agg(ciphertext || nonce || tag, ''::bytea) FROM \"{fixture.Schema}\".project_secrets WHERE project_id = '{projectId}'");
        Assert.NotNull(storedBytes);

        foreach (var value in new[] { secret, token })
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            Assert.DoesNotContain(value, projectBody, StringComparison.Ordinal);
            Assert.Equal(-1, historyBytes.AsSpan().IndexOf(utf8));
            Assert.DoesNotContain(value, historyJson, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(utf8), historyJson, StringComparison.Ordinal);
            Assert.Equal(-1, storedBytes.AsSpan().IndexOf(utf8));
            Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(value, StringComparison.Ordinal));
        }

        // The logs were captured at all (so the check above is not vacuous).
        Assert.Contains(fixture.Logs.Lines, line => line.Contains(runId.ToString(), StringComparison.Ordinal));
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
}
