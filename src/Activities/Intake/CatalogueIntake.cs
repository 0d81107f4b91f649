using System.Globalization;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Egress;
using ContentFlows.Activities.Hosting;
using ContentFlows.Workflows.Schedules;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Intake;

/// <summary>
/// One catalogue intake: downloads a CSV or JSONL feed through the egress policy, imports it with the dataset
/// importer, keeps only the rows whose key column holds a key this intake never took (the first of repeated keys),
/// stores them as a dataset and starts a batch of them. Dataset and batch carry the intake's id, so a retry after a
/// crash finds them instead of importing or starting again; a feed that cannot be read is a warning and takes nothing.
/// </summary>
public sealed class CatalogueIntake : IDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly DatasetImporter importer;
    private readonly BatchLauncher batches;
    private readonly ContentPipelineWorkerOptions worker;
    private readonly TimeProvider timeProvider;
    private readonly EgressPolicy egress;
    private readonly HttpClient http;

    /// <summary>Initializes a new instance of the <see cref="CatalogueIntake"/> class.</summary>
    public CatalogueIntake(NpgsqlDataSource dataSource, DatasetImporter importer, BatchLauncher batches, ContentPipelineWorkerOptions worker, EgressPolicy egress, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(egress);
        this.dataSource = dataSource;
        this.importer = importer;
        this.batches = batches;
        this.worker = worker;
        this.timeProvider = timeProvider;
        this.egress = egress;
        http = egress.CreateClient(maxRedirects: 5);
    }

    /// <summary>Runs one intake.</summary>
    public async Task<CatalogueIntakeResult> RunAsync(CatalogueIntakeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var intake = request.Intake;
        var datasetId = request.IntakeId;
        var existing = await FindDatasetAsync(datasetId, cancellationToken).ConfigureAwait(false);
        var (newItems, known, bad, warnings) = existing is { } stored
            ? (stored.ItemCount, 0, stored.BadRowCount, new List<string>())
            : await ImportAsync(request, cancellationToken).ConfigureAwait(false);
        if (newItems == 0)
        {
            return new CatalogueIntakeResult(null, null, 0, known, bad, warnings);
        }

        await batches.StartAsync(intake.ProjectId, datasetId, intake.DefinitionId, intake.DefinitionVersion, intake.Languages, options: null, worker.TaskQueue, cancellationToken, batchId: datasetId).ConfigureAwait(false);
        return new CatalogueIntakeResult(datasetId, datasetId, newItems, known, bad, warnings);
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private async Task<(int New, int Known, int Bad, List<string> Warnings)> ImportAsync(CatalogueIntakeRequest request, CancellationToken cancellationToken)
    {
        var intake = request.Intake;
        var warnings = new List<string>();
        byte[] body;
        try
        {
            var uri = new Uri(intake.FeedUrl, UriKind.Absolute);
            if (egress.RefusalOf(uri, carriesCredentials: false) is { } refusal)
            {
                return (0, 0, 0, [$"The feed {intake.FeedUrl} was refused: {refusal}."]);
            }

            // Buffered within the client's MaxResponseContentBufferSize: a larger body fails instead of filling memory.
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (0, 0, 0, [string.Create(CultureInfo.InvariantCulture, $"The feed {intake.FeedUrl} answered HTTP {(int)response.StatusCode}; nothing was imported.")]);
            }

            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return (0, 0, 0, [$"The feed {intake.FeedUrl} is unreachable: {e.Message}; nothing was imported."]);
        }

        var format = intake.Format == "csv" ? DataFileFormat.Csv : DataFileFormat.Jsonl;
        var stagingName = StagingNameOf(request.IntakeId);
        await DropStagingAsync(intake.ProjectId, stagingName, cancellationToken).ConfigureAwait(false);
        var staged = await importer.ImportAsync(intake.ProjectId, stagingName, new MemoryStream(body), format, cancellationToken).ConfigureAwait(false);
        warnings.AddRange(staged.Problems.Take(20).Select(p => string.Create(CultureInfo.InvariantCulture, $"Line {p.Line}{(p.Field is null ? string.Empty : $" ({p.Field})")} was skipped: {p.Problem}")));
        var (added, keyless) = await KeepNewRowsAsync(request, staged.DatasetId, cancellationToken).ConfigureAwait(false);
        if (keyless > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{keyless} row(s) have no {intake.KeyColumn} and were skipped."));
        }

        return (added, staged.StoredRows - added - keyless, staged.BadRowCount + keyless, warnings);
    }

    // Moves the staged rows whose key is new into the intake's dataset (numbered from 0, as batches page by index),
    // remembers their keys and drops the staging dataset, in one transaction: a crash leaves either nothing or all of it.
    private async Task<(int Added, int Keyless)> KeepNewRowsAsync(CatalogueIntakeRequest request, Guid stagingId, CancellationToken cancellationToken)
    {
        var intake = request.Intake;
        var keyExpression = DatasetRowValidator.Normalize(intake.KeyColumn) == "topic" ? "data->>'topic'" : "data->'attributes'->>@keyColumn";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new
        {
            datasetId = request.IntakeId,
            stagingId,
            projectId = intake.ProjectId,
            intakeName = intake.ScheduleName,
            keyColumn = intake.KeyColumn,
            name = string.Create(CultureInfo.InvariantCulture, $"{intake.ScheduleName} {request.ScheduledAt:yyyy-MM-dd HH:mm}"),
            format = intake.Format,
            now = timeProvider.GetUtcNow().UtcDateTime,
        };
        var keyless = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM dataset_items WHERE dataset_id = @stagingId AND coalesce({keyExpression}, '') = ''",
            parameters,
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO datasets (id, project_id, name, format, item_count, bad_row_count, created_at) VALUES (@datasetId, @projectId, @name, @format, 0, 0, @now)",
            parameters,
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var added = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO dataset_items (dataset_id, item_index, line, data)
            SELECT @datasetId, (row_number() OVER (ORDER BY item_index) - 1)::int, line, data
            FROM (
                SELECT DISTINCT ON ({keyExpression}) item_index, line, data
                FROM dataset_items s
                WHERE dataset_id = @stagingId
                  AND coalesce({keyExpression}, '') <> ''
                  AND NOT EXISTS (
                      SELECT 1 FROM intake_keys k
                      WHERE k.project_id = @projectId AND k.intake_name = @intakeName AND k.item_key = s.{keyExpression})
                ORDER BY {keyExpression}, item_index
            ) fresh
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO intake_keys (project_id, intake_name, item_key, dataset_id)
            SELECT @projectId, @intakeName, {keyExpression}, @datasetId FROM dataset_items WHERE dataset_id = @datasetId;
            UPDATE datasets SET item_count = @added WHERE id = @datasetId;
            DELETE FROM dataset_items WHERE dataset_id = @stagingId;
            DELETE FROM datasets WHERE id = @stagingId;
            """,
            new { parameters.datasetId, parameters.stagingId, parameters.projectId, parameters.intakeName, parameters.keyColumn, added },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (added, keyless);
    }

    /// <summary>The name of an intake's staging dataset: derived from the id the workflow chose, so every attempt of one intake uses the same.</summary>
    internal static string StagingNameOf(Guid intakeId) => $"intake staging {intakeId:N}";

    // An attempt that died between staging the feed and moving its rows left its staging dataset behind: the next
    // attempt of the same intake drops it before staging again, so a crash leaks no dataset.
    private async Task DropStagingAsync(Guid projectId, string stagingName, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM dataset_items WHERE dataset_id IN (SELECT id FROM datasets WHERE project_id = @projectId AND name = @stagingName);
            DELETE FROM datasets WHERE project_id = @projectId AND name = @stagingName;
            """,
            new { projectId, stagingName },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int ItemCount, int BadRowCount)?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<(int, int)?>(new CommandDefinition(
            "SELECT item_count, bad_row_count FROM datasets WHERE id = @datasetId",
            new { datasetId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
