namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>Writes the replay fixtures of tests/Workflows/Histories from end-to-end runs.</summary>
internal static class PipelineHistoryRecorder
{
    /// <summary>Refreshes a fixture when missing or when asked (CONTENTFLOWS_RECORD_HISTORIES=1), never silently otherwise.</summary>
    public static void Record(string fileName, string json)
    {
        var path = Path.Combine(PostgresFixture.FindRepositoryRoot(), "tests", "Workflows", "Histories", fileName);
        if (!File.Exists(path) || Environment.GetEnvironmentVariable("CONTENTFLOWS_RECORD_HISTORIES") == "1")
        {
            File.WriteAllText(path, json);
        }
    }
}
