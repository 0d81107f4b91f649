using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Definitions;

/// <summary>What the pipeline builder calls: stage types with schemas, validation without storing, versions and activation.</summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class DefinitionBuilderApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task ListStageTypes_EveryRegisteredType_HasDescriptionAndConfigSchemaWithDefaults()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        var types = await client.GetFromJsonAsync<JsonElement[]>("/api/stage-types") ?? [];

        Assert.Contains("generate", types.Select(t => t.GetProperty("name").GetString()));
        Assert.All(types, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));
        var generate = types.Single(t => t.GetProperty("name").GetString() == "generate");
        var targetWords = generate.GetProperty("configSchema").GetProperty("properties").GetProperty("targetWords");
        // Web JSON reads numbers from strings too, and the schema says so: ["string", "integer"].
        Assert.Contains("integer", targetWords.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(300, targetWords.GetProperty("default").GetInt32());
        Assert.StartsWith("The approximate body length in words", targetWords.GetProperty("description").GetString(), StringComparison.Ordinal);

        // Configs refuse unknown properties; the schema says so, so a form never offers one.
        Assert.False(generate.GetProperty("configSchema").GetProperty("additionalProperties").GetBoolean());
        Assert.True(types.Single(t => t.GetProperty("name").GetString() == "publish").GetProperty("publishesContent").GetBoolean());
    }

    [Fact]
    public async Task ValidateDefinition_ProblemsByStage_NothingStored()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        using var response = await client.PostAsJsonAsync("/api/definitions/validate", new
        {
            stages = new object[] { new { type = "generate", config = new { targetWords = 20 } }, new { type = "approval" }, new { type = "no-such-stage" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("valid").GetBoolean());
        var problems = result.GetProperty("problems");
        Assert.Contains("targetWords must be within 50..5000", problems.GetProperty("stages[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.False(problems.TryGetProperty("stages[1]", out _));
        Assert.Contains("unknown stage type", problems.GetProperty("stages[2]")[0].GetString(), StringComparison.Ordinal);

        using var valid = await client.PostAsJsonAsync("/api/definitions/validate", new { stages = new object[] { new { type = "generate" }, new { type = "approval" }, new { type = "publish" } } });
        Assert.True((await valid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_definitions WHERE project_id = '{projectId}'"));
    }

    [Fact]
    public async Task ActivateVersion_OlderVersion_RunsNamingNoVersionGetIt()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);
        using (var second = await client.PostAsJsonAsync("/api/definitions", new { name = "draft-only", stages = new object[] { new { type = "generate", config = new { targetWords = 200 } } } }))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        var versions = await client.GetFromJsonAsync<JsonElement>($"/api/definitions/{definitionId}/versions");
        Assert.Equal(2, versions.GetProperty("activeVersion").GetInt32());
        Assert.Equal([2, 1], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        using (var activated = await client.PostAsync(new Uri($"/api/definitions/{definitionId}/versions/1/activate", UriKind.Relative), null))
        {
            var body = await activated.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, body.GetProperty("activeVersion").GetInt32());
            Assert.Equal("admin", body.GetProperty("activatedBy").GetString());
        }

        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/definitions/{definitionId}")).GetProperty("version").GetInt32());
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("definitionVersion").GetInt32());

        using var missing = await client.PostAsync(new Uri($"/api/definitions/{definitionId}/versions/9/activate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var (_, otherKey) = await fixture.CreateProjectAsync();
        using var other = fixture.Client(otherKey);
        using var foreign = await other.GetAsync(new Uri($"/api/definitions/{definitionId}/versions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task CreateDefinition_StageWithoutConfig_StoredWithDefaults()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        using var created = await client.PostAsJsonAsync("/api/definitions", new { name = "no-configs", stages = new object[] { new { type = "generate" }, new { type = "quality-gates" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, stored.GetProperty("stages")[0].GetProperty("config").ValueKind);
    }
}
