using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Npgsql;

namespace ContentFlows.Api.Tests.Batches;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class BatchExportTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const int Items = 600;

    // What a catalogue holds besides the brief: cells a naive writer breaks (commas, quotes, line breaks) and cells a
    // spreadsheet would run as formulas.
    private static readonly string[] Notes =
    [
        "plain note",
        "comma, inside",
        "a \"quoted\" word",
        "two\nlines",
        "=HYPERLINK(\"http://evil.test\",\"open\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "ends with a CR\r\nthen more",
    ];

    [Fact]
    public async Task ExportResults_600ItemsInTwoLanguages_EveryGeneratedFieldPerLanguageWithTheDatasetColumnsInCsvAndJsonl()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        using var definition = await client.PostAsJsonAsync("/api/definitions", new
        {
            name = "catalogue-page",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 80, variants = new Dictionary<string, int> { ["headline"] = 2, ["social-post"] = 1 } } },
                new { type = "quality-gates", config = new { } },
            },
        });
        Assert.True(definition.IsSuccessStatusCode, await definition.Content.ReadAsStringAsync());
        var definitionId = (await definition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var datasetId = await BatchesApiTests.UploadCsvAsync(client, CatalogueCsv());

        using var started = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en", "de" }, maxConcurrency = 100 });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ended = await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() is "completed" or "failed" or "cancelled" or "terminated" or "timed-out");
        Assert.Equal(("completed", Items * 2), (ended.GetProperty("state").GetString(), ended.GetProperty("result").GetProperty("completed").GetInt32()));

        // The dataset's columns reached every unit's stored brief, translations included.
        Assert.Equal(Items * 2L, await fixture.Postgres.ScalarAsync<long>(
            $"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs r JOIN \"{fixture.Schema}\".batch_item_results b ON b.run_id = r.id " +
            $"WHERE b.batch_id = '{batchId}' AND r.brief->'attributes'->>'product_id' = 'SKU-' || lpad(b.item_index::text, 5, '0') AND r.brief->'attributes'->>'category' = 'Lighting, indoor'"));

        var stored = await StoredContentAsync(batchId);
        Assert.Equal(Items * 2, stored.Count);
        Assert.All(stored.Values, s => Assert.Equal(s.Language, s.VersionLanguage ?? "en"));

        // CSV: one record per item and language, every field readable back by a standard reader.
        using var csvResponse = await client.GetAsync(new Uri($"/api/batches/{batchId}/results?format=csv", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csvText = await csvResponse.Content.ReadAsStringAsync();
        var (header, records) = await ReadCsvAsync(csvText);
        Assert.Equal(
            ["item_index", "language", "status", "final_version", "score", "cost", "attempt", "workflow_id", "run_id", "reason",
             "title", "meta_description", "h1", "body", "cta", "variant_headline", "variant_social_post", "variant_ad_copy", "variant_email_subject",
             "topic", "audience", "channel", "keywords", "source_text", "product_id", "category", "note", "dataset_title"],
            header);
        Assert.Equal(Items * 2, records.Count);
        var column = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        var languagesSeen = new HashSet<string>();
        for (var r = 0; r < records.Count; r++)
        {
            var cells = records[r];
            var index = int.Parse(cells[column["item_index"]], CultureInfo.InvariantCulture);
            var language = cells[column["language"]];
            Assert.Equal((r / 2, r % 2 == 0 ? "de" : "en"), (index, language));
            languagesSeen.Add(language);
            var content = stored[(index, language)].Fields;
            Assert.Equal(
                (Guarded(content.GetProperty("title").GetString()!), Guarded(content.GetProperty("metaDescription").GetString()!), Guarded(content.GetProperty("h1").GetString()!), Guarded(content.GetProperty("body").GetString()!), Guarded(content.GetProperty("cta").GetString()!)),
                (cells[column["title"]], cells[column["meta_description"]], cells[column["h1"]], cells[column["body"]], cells[column["cta"]]));
            Assert.Equal(Guarded(string.Join('\n', Variants(content, "headline"))), cells[column["variant_headline"]]);
            Assert.Equal(Guarded(string.Join('\n', Variants(content, "social-post"))), cells[column["variant_social_post"]]);
            Assert.Equal(2, Variants(content, "headline").Count);
            Assert.Equal(
                (Topic(index), $"SKU-{index:D5}", "Lighting, indoor", Guarded(Notes[index % Notes.Length]), "lamp;desk lamp", Guarded("=RIGHT(A1)")),
                (cells[column["topic"]], cells[column["product_id"]], cells[column["category"]], cells[column["note"]], cells[column["keywords"]], cells[column["dataset_title"]]));
            Assert.Equal("completed", cells[column["status"]]);
        }

        Assert.Equal(["de", "en"], languagesSeen.Order());

        // The written text itself: fields with quotes, commas or line breaks are quoted, inner quotes doubled.
        Assert.Contains(",\"Lighting, indoor\",", csvText, StringComparison.Ordinal);
        Assert.Contains(",\"a \"\"quoted\"\" word\",", csvText, StringComparison.Ordinal);
        Assert.Contains(",\"two\nlines\",", csvText, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"open\"\")\",", csvText, StringComparison.Ordinal);

        // JSONL: the same rows, exact (no spreadsheet guard), content and item as objects.
        using var jsonlResponse = await client.GetAsync(new Uri($"/api/batches/{batchId}/results?format=jsonl", UriKind.Relative));
        Assert.Equal("application/x-ndjson", jsonlResponse.Content.Headers.ContentType?.MediaType);
        var lines = (await jsonlResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Items * 2, lines.Length);
        foreach (var line in lines)
        {
            var row = JsonDocument.Parse(line).RootElement;
            var index = row.GetProperty("itemIndex").GetInt32();
            var language = row.GetProperty("language").GetString()!;
            var content = stored[(index, language)].Fields;
            Assert.Equal("completed", row.GetProperty("status").GetString());
            Assert.Equal(stored[(index, language)].RunId, row.GetProperty("runId").GetGuid());
            foreach (var field in new[] { "title", "metaDescription", "h1", "body", "cta" })
            {
                Assert.Equal(content.GetProperty(field).GetString(), row.GetProperty("content").GetProperty(field).GetString());
            }

            Assert.Equal(
                content.GetProperty("variants").EnumerateArray().Select(v => (v.GetProperty("kind").GetString(), v.GetProperty("text").GetString())),
                row.GetProperty("content").GetProperty("variants").EnumerateArray().Select(v => (v.GetProperty("kind").GetString(), v.GetProperty("text").GetString())));
            var item = row.GetProperty("item");
            var attributes = item.GetProperty("attributes");
            Assert.Equal(
                (Topic(index), $"SKU-{index:D5}", "Lighting, indoor", Notes[index % Notes.Length], "=RIGHT(A1)"),
                (item.GetProperty("topic").GetString(), attributes.GetProperty("product_id").GetString(), attributes.GetProperty("category").GetString(), attributes.GetProperty("note").GetString(), attributes.GetProperty("title").GetString()));
            Assert.Equal(["lamp", "desk lamp"], item.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        }
    }

    // Topics with commas and quotes: the offline generator puts them in titles, so generated cells need quoting too.
    private static string Topic(int index) => index % 3 == 0 ? $"Acme Lamp {index}, \"Deluxe\"" : $"Acme Lamp {index}";

    private static string CatalogueCsv()
    {
        var csv = new StringBuilder("product_id,topic,category,keywords,source_text,note,title\n");
        for (var i = 0; i < Items; i++)
        {
            // A dataset column named like a generated field ("title") is exported as dataset_title.
            csv.Append(CultureInfo.InvariantCulture, $"SKU-{i:D5},{Quote(Topic(i))},\"Lighting, indoor\",lamp;desk lamp,The lamp gives {400 + i} lumens.,{Quote(Notes[i % Notes.Length])},=RIGHT(A1)\n");
        }

        return csv.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Guarded(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    private static List<string?> Variants(JsonElement content, string kind) =>
        content.GetProperty("variants").EnumerateArray().Where(v => v.GetProperty("kind").GetString() == kind).Select(v => v.GetProperty("text").GetString()).ToList();

    internal static async Task<(string[] Header, List<string[]> Records)> ReadCsvAsync(string csv)
    {
        var records = new List<string[]>();
        await using var reader = CsvReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CsvReaderOptions.Default with { Separator = ',', AllowLineBreaksInQuotes = true }, leaveOpen: false);
        await reader.ReadHeaderAsync(CancellationToken.None);
        var header = reader.Headers.ToArray();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            records.Add(Enumerable.Range(0, header.Length).Select(i => reader.GetString(i)).ToArray());
        }

        return (header, records);
    }

    // Each unit's final version as stored: the fields, the version's language and the run.
    private async Task<Dictionary<(int Index, string Language), (JsonElement Fields, string Language, string? VersionLanguage, Guid RunId)>> StoredContentAsync(Guid batchId)
    {
        var stored = new Dictionary<(int, string), (JsonElement, string, string?, Guid)>();
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT b.item_index, b.language, v.fields::text, v.language, b.run_id FROM \"{fixture.Schema}\".batch_item_results b " +
            $"JOIN \"{fixture.Schema}\".content_versions v ON v.run_id = b.run_id AND v.version = b.final_version WHERE b.batch_id = @batch",
            connection);
        command.Parameters.AddWithValue("batch", batchId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var language = reader.GetString(1);
            stored[(reader.GetInt32(0), language)] = (JsonDocument.Parse(reader.GetString(2)).RootElement.Clone(), language, reader[3] as string, reader.GetGuid(4));
        }

        return stored;
    }

    // 1,200 pipelines on a shared 2-core machine: minutes, not seconds.
    private static Task<JsonElement> WaitForBatchAsync(HttpClient client, Guid batchId, Func<JsonElement, bool> condition) =>
        BatchesApiTests.PollAsync(client, $"/api/batches/{batchId}", condition, TimeSpan.FromMinutes(8));
}
