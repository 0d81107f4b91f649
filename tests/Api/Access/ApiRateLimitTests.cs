using System.Net;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Access;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ApiRateLimitTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task AnyEndpoint_KeyExceedsItsBurst_429ProblemWithRetryAfterWhileOtherKeysGoOn()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var busyKey = await fixture.CreateKeyAsync(adminKey, "busy-reviewer", "reviewer");
        var quietKey = await fixture.CreateKeyAsync(adminKey, "quiet-reviewer", "reviewer");
        using var busy = fixture.Client(busyKey);

        // The default budget is a burst of 100 then 50 per second: 160 requests at once must overrun it.
        var answers = await Task.WhenAll(Enumerable.Range(0, 160).Select(_ => busy.GetAsync(new Uri("/api/approvals", UriKind.Relative))));
        try
        {
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, a.StatusCode.ToString()));
            var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) >= 100);
            var first = limited[0];
            Assert.True(first.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.ToString());
            Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("retry after", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }

        // Each key has its own bucket.
        using var quiet = fixture.Client(quietKey);
        using var quietAnswer = await quiet.GetAsync(new Uri("/api/approvals", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, quietAnswer.StatusCode);
    }
}
