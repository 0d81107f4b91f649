using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Review;

/// <summary>
/// A project whose runs translate their English draft into German, with German gate rules the offline generator's
/// "translation" fails: the phrase it marks untranslated text with is forbidden in German, and German titles must be
/// short. A rewrite removes the phrase but not the long title, so each run waits for a reviewer with a German draft.
/// </summary>
internal sealed record TranslationScenario(Guid ProjectId, string EditorKey, string ReviewerKey, Guid DefinitionId)
{
    public const string GermanTitle = "Acme Mesh Router";

    // The offline generator keeps the source text and says so in this phrase.
    public const string UntranslatedMarker = "no translation into";

    public static async Task<TranslationScenario> CreateAsync(ApiEnvironmentFixture fixture)
    {
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var created = await bootstrap.PostAsJsonAsync("/api/projects", new
        {
            name = "Acme Europe",
            slug = "translate-" + Guid.NewGuid().ToString("N")[..10],
            brand = new
            {
                voiceAndTone = "Plain, friendly, specific.",
                bannedPhrases = new[] { "world-class" },
                glossary = new Dictionary<string, string> { ["mesh wifi"] = "keep in English" },
            },
            quality = new
            {
                minScore = 95,
                languages = new Dictionary<string, object>
                {
                    ["de"] = new { forbiddenPhrases = new[] { UntranslatedMarker }, titleLength = new { min = 10, max = 30 } },
                },
            },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        var projectId = document.RootElement.GetProperty("project").GetProperty("id").GetGuid();
        var adminKey = document.RootElement.GetProperty("adminKey").GetProperty("key").GetString()!;
        var editorKey = await fixture.CreateKeyAsync(adminKey, "erin-editor", "editor");
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "greta@acme.test", "reviewer");

        using var editor = fixture.Client(editorKey);
        using var definition = await editor.PostAsJsonAsync("/api/definitions", new
        {
            name = "german-landing-page",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "translate", config = new { language = "de" } },
                new { type = "quality-gates", config = new { } },
                new { type = "rewrite", config = new { maxRounds = 1 } },
                new { type = "publish", config = new { channel = "static-files" } },
            },
        });
        var definitionBody = await definition.Content.ReadAsStringAsync();
        Assert.True(definition.IsSuccessStatusCode, definitionBody);
        return new TranslationScenario(projectId, editorKey, reviewerKey, JsonDocument.Parse(definitionBody).RootElement.GetProperty("id").GetGuid());
    }

    /// <summary>A reviewer's German text; <paramref name="withFigure"/> false drops the source's 120 square metres.</summary>
    public static object GermanEdit(bool withFigure) => new
    {
        decision = "edit",
        content = new
        {
            title = GermanTitle,
            metaDescription = "Was der Acme Mesh Router vielbeschaeftigten Familien bietet: Fakten, Vorteile und der naechste Schritt.",
            h1 = "Acme Mesh Router fuer Familien",
            body = GermanBody(withFigure),
            cta = "Jetzt mit dem Acme Mesh Router starten",
        },
    };

    /// <summary>The German body a reviewer writes; it states the source's figure only when asked to.</summary>
    public static string GermanBody(bool withFigure) =>
        "Der Acme Mesh Router ist fuer vielbeschaeftigte Familien gemacht. Diese Seite behandelt mesh wifi.\n\n"
        + (withFigure ? "Der Acme Mesh Router deckt 120 Quadratmeter ab." : "Der Acme Mesh Router deckt die ganze Wohnung ab.")
        + "\n\nLesen Sie weiter, wie der Acme Mesh Router zu Ihrem Alltag passt und was als Naechstes zu tun ist.";

    /// <summary>Starts a run through the API and waits until its German draft waits for a reviewer.</summary>
    public async Task<Guid> StartRunAsync(ApiEnvironmentFixture fixture, string topic)
    {
        using var editor = fixture.Client(EditorKey);
        using var response = await editor.PostAsJsonAsync("/api/runs", new
        {
            definitionId = DefinitionId,
            brief = new
            {
                topic,
                audience = "busy families",
                channel = "product-page",
                language = "en",
                keywords = new[] { "mesh wifi" },
                sourceText = "The Acme Mesh Router covers 120 square metres.",
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}
