using System.Text.Json;
using System.Text.Json.Serialization;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Stages;

/// <summary>How stage configs are read: pipeline JSON conventions, but a misspelt property is an error, not silently ignored.</summary>
internal static class StageConfigJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(PipelineJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
