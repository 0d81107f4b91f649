using System.Text.Json;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>One step of a pipeline definition: a registered stage type and its JSON config.</summary>
/// <param name="Type">The stage type name, for example "generate" or "quality-gates".</param>
/// <param name="Config">The stage's config object; its shape belongs to the stage type.</param>
public sealed record StageDefinition(string Type, JsonElement Config)
{
    /// <summary>Creates a definition whose config is <paramref name="config"/> serialized as JSON (camelCase).</summary>
    public static StageDefinition Create(string type, object? config = null) =>
        new(type, JsonSerializer.SerializeToElement(config ?? new { }, PipelineJson.Options));
}
