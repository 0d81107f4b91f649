using System.Text.Json;
using ContentFlows.Workflows.Pipelines;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Datasets;

/// <summary>Reads stored datasets and their items.</summary>
public sealed class DatasetStore(NpgsqlDataSource dataSource)
{
    /// <summary>Reads a dataset.</summary>
    /// <exception cref="KeyNotFoundException">No such dataset.</exception>
    public async Task<Dataset> GetAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid ProjectId, string Name, string Format, int ItemCount, int BadRowCount, DateTime CreatedAt)?>(new CommandDefinition(
            "SELECT id, project_id, name, format, item_count, bad_row_count, created_at FROM datasets WHERE id = @datasetId",
            new { datasetId },
            cancellationToken: cancellationToken)).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Dataset {datasetId} does not exist.");
        return new Dataset(row.Id, row.ProjectId, row.Name, row.Format == "csv" ? DataFileFormat.Csv : DataFileFormat.Jsonl, row.ItemCount, row.BadRowCount, row.CreatedAt);
    }

    /// <summary>Reads a project's newest datasets, newest first.</summary>
    public async Task<IReadOnlyList<Dataset>> ListAsync(Guid projectId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, Guid ProjectId, string Name, string Format, int ItemCount, int BadRowCount, DateTime CreatedAt)>(new CommandDefinition(
            "SELECT id, project_id, name, format, item_count, bad_row_count, created_at FROM datasets WHERE project_id = @projectId ORDER BY created_at DESC, id DESC LIMIT @limit",
            new { projectId, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => new Dataset(row.Id, row.ProjectId, row.Name, row.Format == "csv" ? DataFileFormat.Csv : DataFileFormat.Jsonl, row.ItemCount, row.BadRowCount, row.CreatedAt)).ToList();
    }

    /// <summary>Reads some items by index; indexes with no item are left out.</summary>
    public async Task<IReadOnlyDictionary<int, DatasetItem>> GetItemsAsync(Guid datasetId, IReadOnlyCollection<int> indexes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int ItemIndex, string Data)>(new CommandDefinition(
            "SELECT item_index, data::text FROM dataset_items WHERE dataset_id = @datasetId AND item_index = ANY(@indexes)",
            new { datasetId, indexes = indexes.Distinct().ToArray() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.ItemIndex, r => JsonSerializer.Deserialize<DatasetItem>(r.Data, PipelineJson.Options)!);
    }
}
