using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Definitions;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class DefinitionsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task CreateDefinition_InvalidStages_BadRequestListsEveryProblemWithItsStage()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);

        using var response = await client.PostAsJsonAsync("/api/definitions", new
        {
            name = "broken",
            stages = new object[]
            {
                new { type = "generate", config = new { } },
                new { type = "no-such-stage", config = new { } },
                new { type = "approval", config = new { timeoutSeconds = -1 } },
            },
        });

        var problem = await RunsApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("unknown stage type", errors.GetProperty("stages[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds", errors.GetProperty("stages[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_definitions WHERE project_id = '{projectId}'"));

        using var missing = await client.PostAsJsonAsync("/api/definitions", new { stages = new[] { new { config = new { } } } });
        var missingProblem = await RunsApiTests.AssertProblemAsync(missing, HttpStatusCode.BadRequest);
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("stages[0].type", out _));
    }

    [Fact]
    public async Task CreateDefinition_SameNameTwice_StoresVersionsListedAndReadable()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var first = await fixture.CreateDefinitionAsync(adminKey);
        var second = await fixture.CreateDefinitionAsync(adminKey);
        Assert.Equal(first, second);

        using var client = fixture.Client(adminKey);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/definitions");
        Assert.Equal([2, 1], listed.EnumerateArray().Select(d => d.GetProperty("version").GetInt32()));
        var latest = await client.GetFromJsonAsync<JsonElement>($"/api/definitions/{first}");
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal(4, latest.GetProperty("stages").GetArrayLength());
        var v1 = await client.GetFromJsonAsync<JsonElement>($"/api/definitions/{first}/versions/1");
        Assert.Equal("reviewed-page", v1.GetProperty("name").GetString());

        using var unknown = await client.GetAsync(new Uri($"/api/definitions/{first}/versions/3", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);

        // The OpenAPI document describes the endpoints.
        var openApi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("/api/runs/{runId}/approval", openApi, StringComparison.Ordinal);
    }
}
