using System.Runtime.CompilerServices;
using ContentFlows.Temporal.Common;

namespace ContentFlows.Temporal.Tests.Worker.Replay;

/// <summary>Reads the histories kept in tests/Temporal/Sdk/Histories (CLI/UI export format).</summary>
internal static class RecordedHistories
{
    public static WorkflowHistory Load(string fileName, string workflowId) =>
        WorkflowHistory.FromJson(workflowId, File.ReadAllText(Path.Combine(Directory(), fileName)));

    public static IEnumerable<string> All() => System.IO.Directory.EnumerateFiles(Directory(), "*.json").Select(Path.GetFileName)!;

    // The source folder, found from this file's path at compile time: the histories are test inputs, not build outputs.
    private static string Directory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "Histories"));
}
