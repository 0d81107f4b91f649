using System.Globalization;
using System.Text;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Runs;
using Temporalio.Client;
using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;

namespace ContentFlows.Bench.Shared;

/// <summary>The catalogue the batch benches run: N kettles through generate → quality-gates, one language.</summary>
internal static class BenchCatalogue
{
    /// <summary>Stores the definition and the dataset for a project, then starts the batch.</summary>
    public static async Task<WorkflowHandle<BatchWorkflow, BatchResult>> StartBatchAsync(IServiceProvider services, Guid projectId, int items, int maxInFlight, string taskQueue)
    {
        var definition = await services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            projectId,
            "bench",
            [StageDefinition.Create("generate", new { targetWords = 120 }), StageDefinition.Create("quality-gates")],
            CancellationToken.None);

        var csv = new StringBuilder("topic,audience,keywords,source_text,sku\n");
        for (var i = 0; i < items; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Acme Kettle {i},tea lovers,electric kettle;fast boil,The Acme Kettle {i} boils 1.5 litres in 3 minutes.,SKU-{i:D6}\n");
        }

        DatasetImportReport upload;
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            upload = await services.GetRequiredService<DatasetImporter>().ImportAsync(projectId, "bench", stream, DataFileFormat.Csv, CancellationToken.None);
        }

        return await services.GetRequiredService<BatchLauncher>().StartAsync(
            projectId, upload.DatasetId, definition.DefinitionId, definition.Version, ["en"], new BatchOptions { MaxInFlight = maxInFlight }, taskQueue, CancellationToken.None);
    }
}
