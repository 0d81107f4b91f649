using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Bench.ApiLoad;

/// <summary>What the clients share: one project, its editor keys (each client uses one, so keys are rate-limited under load) and a definition with an approval stage.</summary>
internal sealed record LoadSetup(Guid ProjectId, IReadOnlyList<BenchKey> Keys, Guid DefinitionId)
{
    public static async Task<LoadSetup> CreateAsync(HttpClient http, BenchOptions options)
    {
        var project = await PostAsync(http, options.BootstrapKey, "/api/projects", new
        {
            name = "API load bench",
            slug = "api-load-" + Guid.NewGuid().ToString("N")[..10],
            brand = new { voiceAndTone = "Plain and specific." },
        }).ConfigureAwait(false);
        var adminKey = project.GetProperty("adminKey").GetProperty("key").GetString()!;
        var keys = new List<BenchKey>();
        for (var i = 0; i < options.Keys; i++)
        {
            var name = $"bench-editor-{i:D2}";
            var key = await PostAsync(http, adminKey, "/api/keys", new { name, role = "editor" }).ConfigureAwait(false);
            keys.Add(new BenchKey(name, key.GetProperty("key").GetString()!));
        }

        var definition = await PostAsync(http, adminKey, "/api/definitions", new
        {
            name = "api-load",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 120 } },
                new { type = "quality-gates", config = new { } },
                new { type = "approval", config = new { timeoutSeconds = 3600 } },
                new { type = "publish", config = new { channel = "static-files" } },
            },
        }).ConfigureAwait(false);
        return new LoadSetup(project.GetProperty("project").GetProperty("id").GetGuid(), keys, definition.GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string key, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"Setup {path} failed: {(int)response.StatusCode} {text}");
    }
}
