using System.Text;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Tests.Batches;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Datasets;

[Collection(BatchEnvironmentCollection.Name)]
public sealed class DatasetImporterTests(BatchEnvironmentFixture fixture)
{
    [Fact]
    public async Task ImportAsync_CsvWithBadRows_StoresGoodRowsAndReportsEachBadOneByLineAndField()
    {
        var project = await fixture.CreateProjectAsync();
        var csv = """
            topic,audience,keywords,source_text,sku
            Acme Kettle,tea lovers,kettle;fast boil,Boils 1.5 litres in 3 minutes.,SKU-1
            ,tea lovers,kettle,No topic,SKU-2
            Acme Mug,"mug"gy fans,mug,Holds 300 ml,SKU-3
            Acme Lid,lid fans
            "Acme Teapot, large",families,"teapot","Holds 1.2 litres.
            Dishwasher safe.",SKU-5
            Acme Tray,tray fans,tray,{{new string('x', 4001)}},SKU-6
            """.Replace("{{new string('x', 4001)}}", new string('x', 4001), StringComparison.Ordinal);

        var report = await ImportAsync(project.Id, csv, DataFileFormat.Csv);

        Assert.Equal((2, 4), (report.StoredRows, report.BadRowCount));
        Assert.Contains(new DatasetRowProblem(3, "topic", "is required and was empty or missing."), report.Problems);
        Assert.Contains(report.Problems, p => p.Line == 4 && p.Field is null && p.Problem.Contains("quote", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Line == 5 && p.Field is null && p.Problem.Contains("number of fields", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Line == 8 && p.Field == "source_text" && p.Problem.Contains("4000", StringComparison.Ordinal));
        var items = await Services.GetRequiredService<DatasetStore>().GetItemsAsync(report.DatasetId, [0, 1, 2], CancellationToken.None);
        Assert.Equal(["Acme Kettle", "Acme Teapot, large"], items.OrderBy(i => i.Key).Select(i => i.Value.Topic));
        Assert.Equal(["kettle", "fast boil"], items[0].Keywords);
        Assert.Equal("Holds 1.2 litres.\nDishwasher safe.", items[1].SourceText.ReplaceLineEndings("\n"));
        Assert.Equal("SKU-1", items[0].Attributes["sku"]);
        var dataset = await Services.GetRequiredService<DatasetStore>().GetAsync(report.DatasetId, CancellationToken.None);
        Assert.Equal((2, 4, DataFileFormat.Csv), (dataset.ItemCount, dataset.BadRowCount, dataset.Format));
    }

    [Fact]
    public async Task ImportAsync_JsonLinesWithBadRows_StoresGoodRowsAndReportsEachBadOne()
    {
        var project = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n', [
            """{"topic":"Acme Kettle","keywords":["kettle","fast boil"],"sourceText":"Boils 1.5 litres.","price":29.9}""",
            """{"topic":"Acme Mug",""",
            "",
            """["not","an","object"]""",
            """{"audience":"no topic"}""",
            """{"topic":"Acme Lid","keywords":[1,2]}""",
            """{"topic":"Acme Tray","dimensions":{"w":30}}""",
            """{"topic":"Acme Teapot","channel":"blog"}""",
        ]);

        var report = await ImportAsync(project.Id, jsonl, DataFileFormat.Jsonl);

        Assert.Equal((2, 5), (report.StoredRows, report.BadRowCount));
        Assert.Contains(report.Problems, p => p.Line == 2 && p.Field is null && p.Problem.StartsWith("is not valid JSON", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Line == 4 && p.Problem == "is a JSON array, not an object.");
        Assert.Contains(new DatasetRowProblem(5, "topic", "is required and was empty or missing."), report.Problems);
        Assert.Contains(new DatasetRowProblem(6, "keywords", "must be a list of strings."), report.Problems);
        Assert.Contains(report.Problems, p => p.Line == 7 && p.Field == "dimensions");
        var items = await Services.GetRequiredService<DatasetStore>().GetItemsAsync(report.DatasetId, [0, 1], CancellationToken.None);
        Assert.Equal(["kettle", "fast boil"], items[0].Keywords);
        Assert.Equal("29.9", items[0].Attributes["price"]);
        Assert.Equal(("Acme Teapot", "blog"), (items[1].Topic, items[1].Channel));
    }

    [Fact]
    public async Task ImportAsync_JsonLineLongerThanTheCap_ThatLineReportedTheOthersStored()
    {
        var project = await fixture.CreateProjectAsync();

        // 8 MB on one line: refused by its length, never parsed or held whole.
        var jsonl = string.Join('\n', [
            """{"topic":"Acme Kettle"}""",
            "{\"topic\":\"Acme Mug\",\"sourceText\":\"" + new string('x', 8 * 1024 * 1024) + "\"}",
            """{"topic":"Acme Teapot"}""",
        ]);

        var report = await ImportAsync(project.Id, jsonl, DataFileFormat.Jsonl);

        Assert.Equal((2, 1), (report.StoredRows, report.BadRowCount));
        var problem = Assert.Single(report.Problems);
        Assert.Equal((2, null), (problem.Line, problem.Field));
        Assert.Contains(DatasetImporter.MaxJsonLineLength.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Problem, StringComparison.Ordinal);
        var items = await Services.GetRequiredService<DatasetStore>().GetItemsAsync(report.DatasetId, [0, 1], CancellationToken.None);
        Assert.Equal(["Acme Kettle", "Acme Teapot"], items.OrderBy(i => i.Key).Select(i => i.Value.Topic));
    }

    [Fact]
    public async Task ImportAsync_CsvFieldLongerThanTheRecordCap_RowsBeforeStoredTheReadStopsThere()
    {
        var project = await fixture.CreateProjectAsync();

        // 8 MB in one field: the reader stops at the cap instead of holding it (or, unquoted here, the rest of the file).
        var csv = "topic,source_text\nAcme Kettle,Boils fast.\nAcme Mug,\"" + new string('x', 8 * 1024 * 1024) + "\nAcme Teapot,Pours well.\n";

        var report = await ImportAsync(project.Id, csv, DataFileFormat.Csv);

        Assert.Equal((1, 1), (report.StoredRows, report.BadRowCount));
        var problem = Assert.Single(report.Problems);
        Assert.Equal((3, null), (problem.Line, problem.Field));
        Assert.Contains(DatasetImporter.MaxCsvRecordBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Problem, StringComparison.Ordinal);
        var items = await Services.GetRequiredService<DatasetStore>().GetItemsAsync(report.DatasetId, [0], CancellationToken.None);
        Assert.Equal("Acme Kettle", Assert.Single(items).Value.Topic);
    }

    [Fact]
    public async Task ImportAsync_ExtraColumns_ListedInFirstSeenOrderAndARowOverTheirTotalRefused()
    {
        var project = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n', [
            """{"product_id":"SKU-1","topic":"Acme Kettle","category":"Kitchen"}""",
            """{"topic":"Acme Mug","colour":"blue","product_id":"SKU-2"}""",
            "{\"topic\":\"Acme Lid\",\"a\":\"" + new string('x', 1_500) + "\",\"b\":\"" + new string('x', 1_500) + "\",\"c\":\"" + new string('x', 1_500) + "\",\"size\":\"L\"}",
        ]);

        var report = await ImportAsync(project.Id, jsonl, DataFileFormat.Jsonl);

        // The refused row's columns are not listed: an export has nothing under them.
        Assert.Equal((2, 1), (report.StoredRows, report.BadRowCount));
        var problem = Assert.Single(report.Problems);
        Assert.Equal((3, null), (problem.Line, problem.Field));
        Assert.Contains(DatasetRowValidator.MaxAttributesTotalLength.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Problem, StringComparison.Ordinal);
        Assert.Equal(
            "product_id,category,colour",
            await fixture.Postgres.ScalarAsync<string>($"SELECT array_to_string(attribute_columns, ',') FROM \"{fixture.Schema}\".datasets WHERE id = '{report.DatasetId}'"));
    }

    private IServiceProvider Services => fixture.Services;

    private async Task<DatasetImportReport> ImportAsync(Guid projectId, string content, DataFileFormat format)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await Services.GetRequiredService<DatasetImporter>().ImportAsync(projectId, "upload", stream, format, CancellationToken.None);
    }
}
