using System.Text.Json.Nodes;

namespace ContentFlows.Activities.Stages;

/// <summary>A registered stage type as pipeline builders see it: what it does and the JSON schema of its config.</summary>
/// <param name="Name">The name definitions use ("generate").</param>
/// <param name="Description">What the stage does.</param>
/// <param name="PublishesContent">Whether it makes content public (projects may require an approval before it).</param>
/// <param name="ConfigSchema">The JSON schema (draft 2020-12) of its config, with each property's default and description.</param>
public sealed record StageTypeDescription(string Name, string Description, bool PublishesContent, JsonObject ConfigSchema);
