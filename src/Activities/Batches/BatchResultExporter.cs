using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ContentFlows.Activities.Datasets;
using ContentFlows.Workflows.Pipelines;
using CsvHelper;

namespace ContentFlows.Activities.Batches;

/// <summary>
/// Writes a batch's results as CSV or JSONL — one row per item and language, with the generated content of its final
/// version and the dataset item's own columns — streamed: PostgreSQL is read a page at a time and each page is written
/// out before the next is read. CSV text cells that a spreadsheet would run as formulas are neutralised
/// (<see cref="SpreadsheetCell"/>); JSONL is data, left exact.
/// </summary>
public sealed class BatchResultExporter(BatchStore batches)
{
    /// <summary>Rows read from PostgreSQL per query.</summary>
    public const int PageSize = 500;

    private const int FlushBytes = 64 * 1024;

    private static readonly string[] ResultColumns = ["item_index", "language", "status", "final_version", "score", "cost", "attempt", "workflow_id", "run_id", "reason"];

    private static readonly string[] ContentColumns = ["title", "meta_description", "h1", "body", "cta", .. MarketingVariantKinds.All.Select(VariantColumn)];

    private static readonly string[] ItemColumns = ["topic", "audience", "channel", "keywords", "source_text"];

    // Readable in any script (the web defaults escape every non-ASCII letter); still escapes what HTML would misread.
    private static readonly JsonSerializerOptions LineJson = new(PipelineJson.Options) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Gets the CSV column of a marketing variant kind ("variant_social_post"); several variants of a kind share it, one per line.</summary>
    public static string VariantColumn(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return "variant_" + kind.Replace('-', '_');
    }

    /// <summary>Writes every result row of a batch to <paramref name="output"/> (left open).</summary>
    /// <returns>How many rows were written; 0 for an unknown batch.</returns>
    public async Task<int> ExportAsync(Guid batchId, DataFileFormat format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (await batches.ReadExportColumnsAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } columns)
        {
            return 0;
        }

        var (datasetId, attributeColumns) = columns;
        var rows = batches.ReadExportRowsAsync(batchId, datasetId, PageSize, cancellationToken);
        return format == DataFileFormat.Csv
            ? await WriteCsvAsync(rows, attributeColumns, output, cancellationToken).ConfigureAwait(false)
            : await WriteJsonLinesAsync(rows, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The CSV header: results, content, the item's fields, then its extra columns (renamed "dataset_…" where one would repeat a name before it).</summary>
    internal static string[] CsvHeader(IReadOnlyList<string> attributeColumns)
    {
        var header = new List<string>([.. ResultColumns, .. ContentColumns, .. ItemColumns]);
        var taken = new HashSet<string>(header, StringComparer.OrdinalIgnoreCase);
        foreach (var column in attributeColumns)
        {
            var name = column;
            while (!taken.Add(name))
            {
                name = "dataset_" + name;
            }

            header.Add(name);
        }

        return [.. header];
    }

    private static async Task<int> WriteCsvAsync(IAsyncEnumerable<BatchExportRow> rows, IReadOnlyList<string> attributeColumns, Stream output, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: FlushBytes, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                await csv.WriteRecordAsync(CsvHeader(attributeColumns), cancellationToken).ConfigureAwait(false);
                var fields = new string[ResultColumns.Length + ContentColumns.Length + ItemColumns.Length + attributeColumns.Count];
                var count = 0;
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    Fill(fields, row, attributeColumns);
                    await csv.WriteRecordAsync(fields, cancellationToken).ConfigureAwait(false);
                    count++;
                }

                await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                return count;
            }
        }
    }

    private static void Fill(string[] fields, BatchExportRow row, IReadOnlyList<string> attributeColumns)
    {
        var result = row.Result;
        var i = 0;
        fields[i++] = Text(result.ItemIndex);
        fields[i++] = SpreadsheetCell.Text(result.Language);
        fields[i++] = BatchStore.StatusName(result.Status);
        fields[i++] = Text(result.FinalVersion);
        fields[i++] = Text(result.Score);
        fields[i++] = result.Cost.ToString(CultureInfo.InvariantCulture);
        fields[i++] = Text(result.Attempt);
        fields[i++] = SpreadsheetCell.Text(result.WorkflowId ?? string.Empty);
        fields[i++] = result.RunId?.ToString() ?? string.Empty;
        fields[i++] = SpreadsheetCell.Text(result.Reason ?? string.Empty);

        var content = row.Content;
        fields[i++] = SpreadsheetCell.Text(content?.Title ?? string.Empty);
        fields[i++] = SpreadsheetCell.Text(content?.MetaDescription ?? string.Empty);
        fields[i++] = SpreadsheetCell.Text(content?.H1 ?? string.Empty);
        fields[i++] = SpreadsheetCell.Text(content?.Body ?? string.Empty);
        fields[i++] = SpreadsheetCell.Text(content?.Cta ?? string.Empty);
        foreach (var kind in MarketingVariantKinds.All)
        {
            fields[i++] = SpreadsheetCell.Text(content is null ? string.Empty : string.Join('\n', content.Variants.Where(v => v.Kind == kind).Select(v => v.Text)));
        }

        var item = row.Item;
        fields[i++] = SpreadsheetCell.Text(item?.Topic ?? string.Empty);
        fields[i++] = SpreadsheetCell.Text(item?.Audience ?? string.Empty);
        fields[i++] = SpreadsheetCell.Text(item?.Channel ?? string.Empty);

        // Separated as an upload separates them, so the file imports again as a dataset.
        fields[i++] = SpreadsheetCell.Text(item is null ? string.Empty : string.Join(';', item.Keywords));
        fields[i++] = SpreadsheetCell.Text(item?.SourceText ?? string.Empty);
        foreach (var column in attributeColumns)
        {
            fields[i++] = SpreadsheetCell.Text(item?.Attributes.GetValueOrDefault(column) ?? string.Empty);
        }
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    // Lines are built in memory and written out in chunks of about FlushBytes: one write per row would cost one
    // response flush per row.
    private static async Task<int> WriteJsonLinesAsync(IAsyncEnumerable<BatchExportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = LineJson.Encoder });
        await using (json.ConfigureAwait(false))
        {
            var count = 0;
            await foreach (var row in rows.ConfigureAwait(false))
            {
                WriteLine(json, row);
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                buffer.Write("\n"u8);
                json.Reset(buffer);
                count++;
                if (buffer.WrittenCount >= FlushBytes)
                {
                    await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                }
            }

            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    // The result's fields as the results API names them, then "content" (the version's fields) and "item" (the dataset row).
    private static void WriteLine(Utf8JsonWriter json, BatchExportRow row)
    {
        var result = row.Result;
        json.WriteStartObject();
        json.WriteNumber("itemIndex", result.ItemIndex);
        json.WriteString("language", result.Language);
        json.WriteNumber("attempt", result.Attempt);
        json.WriteString("status", BatchStore.StatusName(result.Status));
        WriteNumberOrNull(json, "finalVersion", result.FinalVersion);
        WriteNumberOrNull(json, "score", result.Score);
        json.WriteNumber("cost", result.Cost);
        json.WriteString("workflowId", result.WorkflowId);
        json.WritePropertyName("runId");
        if (result.RunId is { } runId)
        {
            json.WriteStringValue(runId);
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteString("reason", result.Reason);
        json.WritePropertyName("content");
        JsonSerializer.Serialize(json, row.Content, LineJson);
        json.WritePropertyName("item");
        JsonSerializer.Serialize(json, row.Item, LineJson);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
