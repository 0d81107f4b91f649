using System.Text.Json;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>The JSON conventions of pipeline definitions and stage configs: the same as Temporal payloads (web defaults, camelCase).</summary>
public static class PipelineJson
{
    /// <summary>Gets the shared options; read-only so no caller can change them for everyone.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
