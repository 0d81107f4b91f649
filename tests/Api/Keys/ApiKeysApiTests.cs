using System.Net;
using System.Net.Http.Json;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Keys;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ApiKeysApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task CreateKey_NameOfALiveKeyOrInTheSystemNamespace_RefusedSoAReviewerNameIsOnePerson()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var (_, otherAdminKey) = await fixture.CreateProjectAsync();
        using var admin = fixture.Client(adminKey);
        await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");

        using var duplicate = await admin.PostAsJsonAsync("/api/keys", new { name = "dana@acme.test", role = "reviewer" });
        Assert.Contains("dana@acme.test", (await RunsApiTests.AssertProblemAsync(duplicate, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Decisions the workflow makes itself are recorded as "system:..."; no key may wear that name.
        foreach (var reserved in new[] { "system:approval-timeout", "System:anything" })
        {
            using var refused = await admin.PostAsJsonAsync("/api/keys", new { name = reserved, role = "admin" });
            var errors = (await RunsApiTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.Contains("system:", errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        }

        // Unique per project: another project may use the name.
        await fixture.CreateKeyAsync(otherAdminKey, "dana@acme.test", "reviewer");
        var names = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/keys")).EnumerateArray().Select(k => k.GetProperty("name").GetString()).ToList();
        Assert.Equal(1, names.Count(n => n == "dana@acme.test"));
        Assert.DoesNotContain(names, n => n!.StartsWith("system:", StringComparison.OrdinalIgnoreCase));
    }
}
