using Temporalio.Client;

namespace ContentFlows.Api.Tests;

/// <summary>Writes the replay fixtures of tests/Workflows/Histories from the API's end-to-end runs.</summary>
internal static class HistoryRecorder
{
    /// <summary>Refreshes a fixture from a finished workflow when missing or when asked (CONTENTFLOWS_RECORD_HISTORIES=1), never silently otherwise.</summary>
    public static async Task RecordAsync(ITemporalClient client, string workflowId, string fileName)
    {
        var path = Path.Combine(PostgresFixture.FindRepositoryRoot(), "tests", "Workflows", "Histories", fileName);
        if (!File.Exists(path) || Environment.GetEnvironmentVariable("CONTENTFLOWS_RECORD_HISTORIES") == "1")
        {
            var history = await client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
            await File.WriteAllTextAsync(path, history.ToJson());
        }
    }
}
