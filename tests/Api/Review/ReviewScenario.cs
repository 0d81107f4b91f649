using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Review;

/// <summary>
/// A project set up for review through the API: a brand profile with guidelines to show, a reviewer key, and a
/// definition whose gates forbid a phrase of the generated body and allow only a very short title, so the offline generator's
/// first draft fails, the rewrite stage makes a different second version, and each run reaches approval with two
/// versions and a gate report with issues.
/// </summary>
internal sealed record ReviewScenario(Guid ProjectId, string EditorKey, string ReviewerKey, string ReviewerName, Guid DefinitionId)
{
    public static async Task<ReviewScenario> CreateAsync(ApiEnvironmentFixture fixture, bool withApprovalStage = true)
    {
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var created = await bootstrap.PostAsJsonAsync("/api/projects", new
        {
            name = "Acme Home",
            slug = "review-" + Guid.NewGuid().ToString("N")[..10],
            brand = new
            {
                voiceAndTone = "Plain, friendly, specific. Short sentences; no hype.",
                bannedPhrases = new[] { "world-class", "synergy" },
                requiredPhrases = new[] { "Made in Berlin" },
                personas = new[] { new { name = "Busy parent", needs = new[] { "Wifi that reaches the kids' rooms" }, objections = new[] { "No time for setup" }, toneNotes = "Reassuring, practical." } },
                glossary = new Dictionary<string, string> { ["mesh wifi"] = "two words, lower case", ["Acme app"] = "capital A, never \"the App\"" },
            },
            quality = new { minScore = 95 },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        var projectId = document.RootElement.GetProperty("project").GetProperty("id").GetGuid();
        var adminKey = document.RootElement.GetProperty("adminKey").GetProperty("key").GetString()!;

        const string reviewerName = "rita@acme.test";
        var editorKey = await fixture.CreateKeyAsync(adminKey, "erin-editor", "editor");
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, reviewerName, "reviewer");
        using var editor = fixture.Client(editorKey);
        using var definition = await editor.PostAsJsonAsync("/api/definitions", new
        {
            name = "reviewed-landing-page",
            stages = new object?[]
            {
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "quality-gates", config = new { titleLength = new { min = 5, max = 20 }, forbiddenPhrases = new[] { "Read on" } } },
                new { type = "rewrite", config = new { maxRounds = 1 } },
                withApprovalStage ? new { type = "approval", config = new { timeoutSeconds = 600 } } : null,
                new { type = "publish", config = new { channel = "static-files" } },
            }.OfType<object>().ToArray(),
        });
        var definitionBody = await definition.Content.ReadAsStringAsync();
        Assert.True(definition.IsSuccessStatusCode, definitionBody);
        var definitionId = JsonDocument.Parse(definitionBody).RootElement.GetProperty("id").GetGuid();
        return new ReviewScenario(projectId, editorKey, reviewerKey, reviewerName, definitionId);
    }

    /// <summary>Starts a run through the API and waits until the approval queue lists it.</summary>
    public Task<Guid> StartRunAwaitingApprovalAsync(ApiEnvironmentFixture fixture, string topic) =>
        StartRunAsync(fixture, topic, run => ApiEnvironmentFixture.IsAwaitingApproval(run) && run.GetProperty("state").GetString() == "awaiting-approval");

    /// <summary>Starts a run through the API and waits until <paramref name="until"/> holds for it.</summary>
    public async Task<Guid> StartRunAsync(ApiEnvironmentFixture fixture, string topic, Func<JsonElement, bool> until, IReadOnlyDictionary<string, string>? publishAt = null)
    {
        using var editor = fixture.Client(EditorKey);
        using var response = await editor.PostAsJsonAsync("/api/runs", new
        {
            definitionId = DefinitionId,
            brief = new
            {
                topic,
                audience = "busy families who want fast wifi in every room",
                channel = "product-page",
                language = "en",
                keywords = new[] { "mesh wifi", "whole-home coverage" },
                sourceText = "The Acme Mesh Router covers 120 square metres and connects up to 64 devices.",
            },
            publishAt,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var runId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();

        // The queue reads the run row, which an activity writes just after the workflow starts waiting.
        await fixture.WaitForRunAsync(ReviewerKey, runId, until);
        return runId;
    }
}
