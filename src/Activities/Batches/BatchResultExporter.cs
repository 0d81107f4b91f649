using System.Globalization;
using System.Text;
using System.Text.Json;
using ContentFlows.Activities.Datasets;
using ContentFlows.Workflows.Pipelines;
using CsvHelper;

namespace ContentFlows.Activities.Batches;

/// <summary>
/// Writes a batch's results as CSV or JSONL, streamed from PostgreSQL to the output. CSV text cells that a
/// spreadsheet would run as formulas are neutralised (<see cref="SpreadsheetCell"/>); JSONL is data, left exact.
/// </summary>
public sealed class BatchResultExporter(BatchStore batches)
{
    private static readonly string[] Columns = ["item_index", "language", "status", "final_version", "score", "cost", "attempt", "workflow_id", "run_id", "reason"];

    /// <summary>Writes every result row of a batch to <paramref name="output"/> (left open).</summary>
    /// <returns>How many rows were written.</returns>
    public async Task<int> ExportAsync(Guid batchId, DataFileFormat format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            return format == DataFileFormat.Csv
                ? await WriteCsvAsync(batchId, writer, cancellationToken).ConfigureAwait(false)
                : await WriteJsonLinesAsync(batchId, writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> WriteCsvAsync(Guid batchId, StreamWriter writer, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            await csv.WriteRecordAsync(Columns, cancellationToken).ConfigureAwait(false);
            var count = 0;
            await foreach (var row in batches.ReadResultsAsync(batchId, cancellationToken).ConfigureAwait(false))
            {
                string[] fields =
                [
                    Text(row.ItemIndex),
                    SpreadsheetCell.Text(row.Language),
                    BatchStore.StatusName(row.Status),
                    Text(row.FinalVersion),
                    Text(row.Score),
                    row.Cost.ToString(CultureInfo.InvariantCulture),
                    Text(row.Attempt),
                    SpreadsheetCell.Text(row.WorkflowId ?? string.Empty),
                    row.RunId?.ToString() ?? string.Empty,
                    SpreadsheetCell.Text(row.Reason ?? string.Empty),
                ];
                await csv.WriteRecordAsync(fields, cancellationToken).ConfigureAwait(false);
                count++;
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private async Task<int> WriteJsonLinesAsync(Guid batchId, StreamWriter writer, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in batches.ReadResultsAsync(batchId, cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(row, PipelineJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
            count++;
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
