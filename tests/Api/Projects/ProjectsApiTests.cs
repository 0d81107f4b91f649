using System.Net;
using System.Net.Http.Json;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Projects;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ProjectsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task CreateProject_SlugThatCollapsesToAnotherProjectsSiteFolder_Refused()
    {
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        var slug = "acme-demo-" + Guid.NewGuid().ToString("N")[..8];
        using var first = await bootstrap.PostAsJsonAsync("/api/projects", new { name = "Acme", slug });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // Each would publish into the first project's folder (the static site's folder is the slug made URL-safe).
        foreach (var colliding in new[] { slug + "-", slug.Replace("-demo-", "--demo-", StringComparison.Ordinal) })
        {
            using var refused = await bootstrap.PostAsJsonAsync("/api/projects", new { name = "Mallory", slug = colliding });
            var errors = (await RunsApiTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.Contains("single dashes", errors.GetProperty("slug")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".projects WHERE name = 'Mallory'"));
    }
}
