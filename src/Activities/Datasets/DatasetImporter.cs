using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using CsvHelper;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ContentFlows.Activities.Datasets;

/// <summary>
/// Stores an uploaded CSV or JSONL file as a dataset, reading and validating it row by row (never whole in memory)
/// and copying the good rows to PostgreSQL as it goes; bad rows are reported with line, field and problem.
/// </summary>
public sealed class DatasetImporter(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>The most problems a report lists; the count of bad rows is always complete.</summary>
    public const int MaxReportedProblems = 1_000;

    /// <summary>The longest JSONL line read, in characters; a longer one is a bad row, skipped without being held.</summary>
    public const int MaxJsonLineLength = 64 * 1024;

    /// <summary>
    /// The longest CSV record (all its fields) read, in bytes of UTF-8: the reader's buffer grows to about twice this, never
    /// to the file's size. A longer record ends the read there (CSV cannot resync after it, e.g. an unclosed quote), and is
    /// reported; rows before it are stored.
    /// </summary>
    public const int MaxCsvRecordBytes = 64 * 1024;

    /// <summary>The most extra column names a dataset lists for export (JSONL rows may each bring new ones); items keep all theirs.</summary>
    public const int MaxAttributeColumns = 500;

    /// <summary>Imports a file as a new dataset of a project. Good rows are stored even when others are bad.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="name">The dataset's name.</param>
    /// <param name="content">The file, read once, forwards.</param>
    /// <param name="format">The file's format.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is stored then.</param>
    /// <returns>The dataset id, the counts and the problems.</returns>
    public async Task<DatasetImportReport> ImportAsync(Guid projectId, string name, Stream content, DataFileFormat format, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(content);
        var datasetId = Guid.CreateVersion7(timeProvider.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO datasets (id, project_id, name, format, item_count, bad_row_count, created_at)
            VALUES (@datasetId, @projectId, @name, @format, 0, 0, @now)
            """,
            new { datasetId, projectId, name, format = FormatName(format), now = timeProvider.GetUtcNow().UtcDateTime },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var problems = new List<DatasetRowProblem>();
        var attributeColumns = new List<string>();
        var seenColumns = new HashSet<string>(StringComparer.Ordinal);
        var stored = 0;
        var bad = 0;
        var writer = await connection.BeginBinaryImportAsync("COPY dataset_items (dataset_id, item_index, line, data) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var rowProblems = new List<DatasetRowProblem>();
            var rows = format == DataFileFormat.Csv ? ReadCsvAsync(content, rowProblems, cancellationToken) : ReadJsonLinesAsync(content, rowProblems, cancellationToken);
            await foreach (var (line, item) in rows.ConfigureAwait(false))
            {
                if (item is null)
                {
                    bad++;
                    problems.AddRange(rowProblems.Take(MaxReportedProblems - problems.Count));
                    rowProblems.Clear();
                    continue;
                }

                foreach (var column in item.Attributes.Keys)
                {
                    if (attributeColumns.Count < MaxAttributeColumns && seenColumns.Add(column))
                    {
                        attributeColumns.Add(column);
                    }
                }

                await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(datasetId, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(stored, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(line, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(JsonSerializer.Serialize(item, PipelineJson.Options), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
                stored++;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE datasets SET item_count = @stored, bad_row_count = @bad, attribute_columns = @columns WHERE id = @datasetId",
            new { stored, bad, datasetId, columns = attributeColumns.ToArray() },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DatasetImportReport(datasetId, stored, bad, problems);
    }

    internal static string FormatName(DataFileFormat format) => format == DataFileFormat.Csv ? "csv" : "jsonl";

    // Yields (first line, item or null); a null item's problems are in rowProblems until the caller takes them.
    private static async IAsyncEnumerable<(int Line, DatasetItem? Item)> ReadCsvAsync(Stream content, List<DatasetRowProblem> rowProblems, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Malformed rows are skipped by the reader and reported here, so one bad quote costs one row, not the upload.
        var skipped = new List<DatasetRowProblem>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            MaxRecordSize = MaxCsvRecordBytes,
            OnMalformedRecord = record => skipped.Add(new DatasetRowProblem((int)record.LineNumber, null, Describe(record.Reason))),
        };
        var reader = CsvReader.Create(content, options, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            var header = reader.Headers.ToArray();
            if (!header.Any(h => DatasetRowValidator.Normalize(h) == "topic"))
            {
                rowProblems.Add(new DatasetRowProblem(1, "topic", header.Length == 0
                    ? "The file is empty; a header row naming the fields (topic, audience, channel, keywords, source_text) is required."
                    : "The header has no topic column; every row needs one."));
                yield return (1, null);
                yield break;
            }

            while (true)
            {
                var more = await ReadRecordAsync(reader, skipped, cancellationToken).ConfigureAwait(false);
                foreach (var problem in skipped)
                {
                    rowProblems.Add(problem);
                    yield return (problem.Line, null);
                }

                skipped.Clear();
                if (!more)
                {
                    break;
                }

                var line = (int)reader.LineNumber;
                var fields = new List<KeyValuePair<string, string>>(header.Length);
                for (var i = 0; i < header.Length; i++)
                {
                    fields.Add(new(header[i], reader.GetString(i)));
                }

                yield return (line, DatasetRowValidator.Validate(line, fields, keywords: null, rowProblems));
            }
        }
    }

    // False at the end, or at a record over MaxCsvRecordBytes, which goes into skipped: with malformed rows skipped, the
    // size cap is what the reader throws for, and it cannot go on past it.
    private static async Task<bool> ReadRecordAsync(CsvReader reader, List<DatasetRowProblem> skipped, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException e)
        {
            skipped.Add(new DatasetRowProblem((int)e.LineNumber, null, string.Create(
                CultureInfo.InvariantCulture,
                $"starts a record longer than {MaxCsvRecordBytes} bytes (a field without its closing quote, or a field far over its limit); the rest of the file was not read.")));
            return false;
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "has a different number of fields than the header.",
        CsvMalformedReason.UnterminatedQuote => "has a quoted field that is never closed.",
        _ => "has a quote out of place; quote fields that contain commas, quotes or line breaks, and double the quotes inside them.",
    };

    private static async IAsyncEnumerable<(int Line, DatasetItem? Item)> ReadJsonLinesAsync(Stream content, List<DatasetRowProblem> rowProblems, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, leaveOpen: true);
        var lines = new BoundedLineReader(reader, MaxJsonLineLength);
        var line = 0;
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is (var text, var length))
        {
            line++;
            if (text is null)
            {
                rowProblems.Add(new DatasetRowProblem(line, null, string.Create(CultureInfo.InvariantCulture, $"is {length} characters long; a line may hold at most {MaxJsonLineLength}.")));
                yield return (line, null);
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return (line, ParseJsonLine(line, text, rowProblems));
        }
    }

    private static DatasetItem? ParseJsonLine(int line, string text, List<DatasetRowProblem> rowProblems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            rowProblems.Add(new DatasetRowProblem(line, null, $"is not valid JSON: {e.Message}"));
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                rowProblems.Add(new DatasetRowProblem(line, null, $"is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object."));
                return null;
            }

            var fields = new List<KeyValuePair<string, string>>();
            List<string>? keywords = null;
            var before = rowProblems.Count;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                if (DatasetRowValidator.Normalize(property.Name) == "keywords" && value.ValueKind == JsonValueKind.Array)
                {
                    keywords = [];
                    foreach (var keyword in value.EnumerateArray())
                    {
                        if (keyword.ValueKind != JsonValueKind.String)
                        {
                            rowProblems.Add(new DatasetRowProblem(line, property.Name, "must be a list of strings."));
                            break;
                        }

                        keywords.Add(keyword.GetString()!);
                    }

                    continue;
                }

                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields.Add(new(property.Name, value.GetString()!));
                        break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        fields.Add(new(property.Name, value.GetRawText()));
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        rowProblems.Add(new DatasetRowProblem(line, property.Name, $"must be text, a number or true/false (was a JSON {value.ValueKind.ToString().ToLowerInvariant()})."));
                        break;
                }
            }

            var item = DatasetRowValidator.Validate(line, fields, keywords, rowProblems);
            return rowProblems.Count > before ? null : item;
        }
    }
}
