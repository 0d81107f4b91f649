using System.Text.Json;
using System.Text.Json.Nodes;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Projects;

/// <summary>Compares two settings documents leaf by leaf (objects recursed into, lists and values compared whole).</summary>
public static class SettingsDiff
{
    /// <summary>Lists the settings that differ from <paramref name="from"/> to <paramref name="to"/>, in path order.</summary>
    public static IReadOnlyList<SettingsChange> Between(ProjectSettings from, ProjectSettings to) =>
        Between(ToNode(from), ToNode(to));

    /// <summary>Lists the leaves that differ between two JSON documents, in path order.</summary>
    public static IReadOnlyList<SettingsChange> Between(JsonNode? from, JsonNode? to)
    {
        var changes = new List<SettingsChange>();
        Compare(string.Empty, from, to, changes);
        return changes.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The settings as the JSON the API shows and the store keeps.</summary>
    public static JsonNode ToNode(ProjectSettings settings) => JsonSerializer.SerializeToNode(settings, PipelineJson.Options)!;

    private static void Compare(string path, JsonNode? from, JsonNode? to, List<SettingsChange> changes)
    {
        if (from is JsonObject a && to is JsonObject b)
        {
            foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal))
            {
                Compare($"{path}/{Escape(name)}", a[name], b[name], changes);
            }
        }
        else if (!JsonNode.DeepEquals(from, to))
        {
            changes.Add(new SettingsChange(path.Length == 0 ? "/" : path, from?.DeepClone(), to?.DeepClone()));
        }
    }

    // RFC 6901: "~" and "/" inside a name are escaped.
    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
