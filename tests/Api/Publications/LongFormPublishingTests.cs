using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Tests.Llm;
using ContentFlows.Activities.Tests.Publishing;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Tests.Publications;

/// <summary>
/// Long-form content end to end over HTTP, with the LLM on a local OpenAI-compatible server: a 1,200-word Markdown
/// article is gated in words, rewritten once at its own target length, and published to static files, a webhook and
/// WordPress with real heading, list and table elements and none of the script the LLM slipped in; titles in five
/// scripts get readable slugs, unique in the project, that the files and payloads use.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class LongFormPublishingTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const string SigningSecretName = "webhook-signing-key";
    private const string PasswordSecretName = "wp-app-password";
    private const string WordPressUser = "editor";
    private const string SourceText = "The Acme Mesh Router covers 120 square metres.";

    [Fact]
    public async Task LongFormArticle_GatedInWordsRewrittenAtTargetAndPublishedEverywhere_AsSafeStructuredHtml()
    {
        await using var openAi = await FakeOpenAiServer.StartAsync();
        var first = Article(targetWords: 1200, flawed: true);
        var rewritten = Article(targetWords: 1180, flawed: false);
        openAi.Enqueue(
            FakeReply.Completion(Reply("Acme Mesh Router: a long guide for busy families", first), 900, 2400),
            FakeReply.Completion(Reply("Acme Mesh Router: a long guide for busy families", rewritten), 3500, 2300));
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        var wordPressPassword = "abcd EFGH " + Guid.NewGuid().ToString("N")[..12];
        await using var site = await FakeWordPress.StartAsync(WordPressUser, wordPressPassword);
        var (projectSlug, admin) = await CreateProjectAsync(openAi, signingKey, wordPressPassword);
        using var _ = admin;

        var definitionId = await CreateDefinitionAsync(admin, new object[]
        {
            new { type = "generate", config = new { targetWords = 1200 } },
            new { type = "quality-gates", config = new { bodyLength = new { min = 1000, max = 1400, unit = "words" } } },
            new { type = "rewrite", config = new { maxRounds = 1 } },
            new
            {
                type = "publish",
                config = new
                {
                    channels = new object[]
                    {
                        new { type = "static-files" },
                        new { type = "webhook", url = receiver.Url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds = 10 },
                        new { type = "wordpress", url = site.SiteUrl.ToString(), username = WordPressUser, applicationPasswordSecretName = PasswordSecretName, timeoutSeconds = 10 },
                    },
                },
            },
        });
        var runId = await StartRunAsync(admin, definitionId, "Acme Mesh Router", "en");
        var run = await fixture.WaitForRunAsync(ReaderKey(admin), runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", run.GetProperty("state").GetString());

        // The rewrite was asked for the generate stage's 1,200 words, not a fixed 300.
        Assert.Equal(2, openAi.Requests.Count);
        var rewriteTask = FencedJson(openAi.Requests[1].Messages[^1].Content);
        Assert.Equal(("rewrite", 1200), (rewriteTask.GetProperty("task").GetString(), rewriteTask.GetProperty("targetWords").GetInt32()));

        // The gate counted words: 1,200 words (over 5,000 characters) raised no length issue, only the banned phrase;
        // the rewrite stayed within the bounds and passed.
        var versions = await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions");
        var generated = versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 1);
        var rewrite = versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 2);
        Assert.True(generated.GetProperty("fields").GetProperty("body").GetString()!.Length > 5000);
        Assert.Equal(["forbidden-phrase"], generated.GetProperty("gateReport").GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.True(rewrite.GetProperty("gateReport").GetProperty("passed").GetBoolean(), rewrite.GetProperty("gateReport").ToString());
        Assert.DoesNotContain(rewrite.GetProperty("gateReport").GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "length");
        var rewrittenWords = ReaderWords(rewrite.GetProperty("fields").GetProperty("body").GetString()!);
        Assert.InRange(rewrittenWords, 1000, 1400);

        // Every channel got the same structure as elements, and nothing executable.
        const string slug = "acme-mesh-router-a-long-guide-for-busy-families";
        var page = await File.ReadAllTextAsync(Path.Combine(fixture.PublishDirectory, projectSlug, slug + ".html"));
        var delivery = Assert.Single(receiver.Deliveries);
        using var payload = JsonDocument.Parse(delivery.Body);
        Assert.Equal(slug, payload.RootElement.GetProperty("slug").GetString());
        var post = Assert.Single(site.Posts);
        Assert.Equal(slug, post.Slug);
        foreach (var (channel, html) in new[] { ("static-files", page), ("webhook", payload.RootElement.GetProperty("html").GetString()!), ("wordpress", post.Content) })
        {
            using var document = await new HtmlParser().ParseDocumentAsync(html, CancellationToken.None);
            Assert.True(document.QuerySelectorAll("h2").Length == 4, $"{channel}: {document.QuerySelectorAll("h2").Length} h2");
            Assert.True(document.QuerySelectorAll("ul > li").Length == 3, channel);
            Assert.True(document.QuerySelectorAll("ol > li").Length == 3, channel);
            Assert.Equal(["Room", "Signal"], document.QuerySelectorAll("table thead th").Select(th => th.TextContent));
            Assert.Equal(["Kitchen", "Strong", "Garden", "Good"], document.QuerySelectorAll("table tbody td").Select(td => td.TextContent));
            Assert.Empty(document.QuerySelectorAll("script, img, iframe, [onerror], [onclick]"));
            Assert.DoesNotContain(document.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? string.Empty).Contains("javascript:", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("## ", BodyText(document), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NonLatinTitles_GetReadableSlugsUniqueInTheProject_UsedByFilesAndPayloads()
    {
        await using var openAi = await FakeOpenAiServer.StartAsync();
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        var (projectSlug, admin) = await CreateProjectAsync(openAi, signingKey, wordPressPassword: null);
        using var _ = admin;
        var definitionId = await CreateDefinitionAsync(admin, new object[]
        {
            new { type = "generate", config = new { targetWords = 100 } },
            new
            {
                type = "publish",
                config = new { channels = new object[] { new { type = "static-files" }, new { type = "webhook", url = receiver.Url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds = 10 } } },
            },
        });

        var titles = new (string Title, string Language, string Slug)[]
        {
            ("Как выбрать роутер для дома", "ru", "kak-vybrat-router-dlya-doma"),
            ("Οδηγός για τον φούρνο", "el", "odigos-gia-ton-fourno"),
            ("Größe und Übergröße: Fußball für Anfänger", "de", "groesse-und-uebergroesse-fussball-fuer-anfaenger"),
            ("如何选择路由器", "zh", "ru-he-xuan-ze-lu-you-qi"),
            ("كيف تختار جهاز التوجيه", "ar", "kyf-tkhtr-jhz-ltwjyh"),
            ("Как выбрать роутер для дома", "ru", "kak-vybrat-router-dlya-doma-2"),
        };
        foreach (var (title, language, expected) in titles)
        {
            // One run at a time: the local LLM answers in the order it was asked.
            openAi.Enqueue(FakeReply.Completion(Reply(title, "The Acme Mesh Router covers 120 square metres of mesh wifi."), 200, 80));
            var runId = await StartRunAsync(admin, definitionId, "Acme Mesh Router", language);
            var run = await fixture.WaitForRunAsync(ReaderKey(admin), runId, ApiEnvironmentFixture.IsFinished);
            Assert.Equal("published", run.GetProperty("state").GetString());

            var page = Path.Combine(fixture.PublishDirectory, projectSlug, expected + ".html");
            Assert.True(File.Exists(page), $"{title}: no {expected}.html");
            Assert.Contains(WebUtility.HtmlEncode(title), await File.ReadAllTextAsync(page), StringComparison.Ordinal);
            using var payload = JsonDocument.Parse(receiver.Deliveries[^1].Body);
            Assert.Equal((runId, expected), (payload.RootElement.GetProperty("runId").GetGuid(), payload.RootElement.GetProperty("slug").GetString()));
        }

        var index = await File.ReadAllTextAsync(Path.Combine(fixture.PublishDirectory, projectSlug, "index.html"));
        Assert.All(titles, t => Assert.Contains($"<a href=\"{t.Slug}.html\">", index, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(fixture.PublishDirectory, projectSlug)), file => Path.GetFileName(file).StartsWith("page", StringComparison.Ordinal));
    }

    // The article as an LLM writing Markdown would: four sections, a bulleted and a numbered list, a table, filler to
    // the length asked for, and (when flawed) the brand's banned phrase plus script, raw HTML and a javascript: link.
    private static string Article(int targetWords, bool flawed)
    {
        var head = new StringBuilder()
            .Append("The Acme Mesh Router brings mesh wifi to every room. ").Append(SourceText).Append("\n\n")
            .Append("## Why mesh wifi matters\n\n")
            .Append("- Quiet setup for busy families.\n- One network name in every room.\n- Updates that install themselves.\n\n")
            .Append("## Setting it up\n\n")
            .Append("1. Unpack the nodes.\n2. Place one node in the hall.\n3. Follow the app.\n\n")
            .Append("## Where the signal reaches\n\n")
            .Append("| Room | Signal |\n|:-----|-------:|\n| Kitchen | Strong |\n| Garden | Good |\n\n")
            .Append(flawed ? "It is a world-class router. <script>alert(document.cookie)</script> <img src=x onerror=alert(document.cookie)> [Read more](javascript:alert(document.cookie))\n\n" : string.Empty)
            .Append("## Living with it\n\n");
        const string filler = "Every room of a busy family home stays online while the router quietly balances the load across its nodes.";
        var body = head.ToString();
        var paragraphs = new StringBuilder();
        for (var sentences = 1; ReaderWords(body + paragraphs) + 19 <= targetWords; sentences++)
        {
            paragraphs.Append(filler).Append(sentences % 5 == 0 ? "\n\n" : " ");
        }

        return body + paragraphs.ToString().TrimEnd();
    }

    private static string Reply(string title, string body) => JsonSerializer.Serialize(
        new ContentFields(title, "What the Acme Mesh Router offers busy families, room by room, in plain words.", "Acme Mesh Router", body, "Order the Acme Mesh Router today"),
        PipelineJson.Options);

    // Words as a reader counts them on the page: whitespace-separated tokens of the text, Markdown marks left out.
    private static int ReaderWords(string markdown) => new HtmlParser().ParseDocument(Activities.Content.BodyMarkdown.ToHtml(markdown)).Body!.TextContent
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(token => token.Any(char.IsLetterOrDigit));

    private static string BodyText(IDocument document) => document.Body?.TextContent ?? string.Empty;

    private static JsonElement FencedJson(string userMessage)
    {
        var open = userMessage.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var close = userMessage.LastIndexOf("```", StringComparison.Ordinal);
        return JsonDocument.Parse(userMessage[open..close]).RootElement.Clone();
    }

    private string ReaderKey(HttpClient admin) => admin.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("No key.");

    private async Task<(string ProjectSlug, HttpClient Admin)> CreateProjectAsync(FakeOpenAiServer openAi, string signingKey, string? wordPressPassword)
    {
        var projectSlug = "acme-" + Guid.NewGuid().ToString("N")[..10];
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var created = await bootstrap.PostAsJsonAsync("/api/projects", new
        {
            name = "Acme Long Form",
            slug = projectSlug,
            brand = new { voiceAndTone = "Plain, friendly, specific.", bannedPhrases = new[] { "world-class" }, requiredPhrases = Array.Empty<string>() },
            quality = new { minScore = 70 },
            llm = new { endpoint = openAi.Endpoint.ToString(), requestTimeoutSeconds = 10, defaultModel = "gpt-test" },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        using var document = JsonDocument.Parse(body);
        var projectId = document.RootElement.GetProperty("project").GetProperty("id").GetGuid();
        var admin = fixture.Client(document.RootElement.GetProperty("adminKey").GetProperty("key").GetString()!);
        var secrets = new List<(string Name, string Value, string Purpose, string? Host)>
        {
            (LlmSettings.DefaultApiKeySecret, "sk-test-" + Guid.NewGuid().ToString("N"), "llm-api-key", null),
            (SigningSecretName, signingKey, "webhook-signing", "127.0.0.1"),
        };
        if (wordPressPassword is not null)
        {
            secrets.Add((PasswordSecretName, wordPressPassword, "wordpress-password", "127.0.0.1"));
        }

        foreach (var (name, value, purpose, host) in secrets)
        {
            using var put = await admin.PutAsJsonAsync($"/api/projects/{projectId}/secrets/{name}", new { value, purpose, host });
            Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        }

        return (projectSlug, admin);
    }

    private static async Task<Guid> CreateDefinitionAsync(HttpClient admin, object[] stages)
    {
        using var response = await admin.PostAsJsonAsync("/api/definitions", new { name = "long-form-" + Guid.NewGuid().ToString("N")[..6], stages });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> StartRunAsync(HttpClient admin, Guid definitionId, string topic, string language)
    {
        using var response = await admin.PostAsJsonAsync("/api/runs", new
        {
            definitionId,
            brief = new { topic, audience = "busy families", channel = "blog", language, keywords = new[] { "mesh wifi" }, sourceText = SourceText },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}
