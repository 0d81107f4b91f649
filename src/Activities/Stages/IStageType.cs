using System.Text.Json;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Stages;

/// <summary>
/// A stage type: one class, registered in DI with <c>AddStageType&lt;T&gt;()</c>. The pipeline workflow runs every
/// stage type through one generic activity, so adding a type never touches workflow code.
/// </summary>
public interface IStageType
{
    /// <summary>Gets the name definitions use, for example "generate".</summary>
    string TypeName { get; }

    /// <summary>Gets what the stage does, in a sentence for the people who build pipelines.</summary>
    string Description { get; }

    /// <summary>Gets the type a stage config is read into; its JSON schema is what the pipeline builder edits.</summary>
    Type ConfigType { get; }

    /// <summary>Gets a value indicating whether the stage makes content public (projects may require an approval before it).</summary>
    bool PublishesContent { get; }

    /// <summary>Lists what is wrong with a stage config; empty when valid.</summary>
    IReadOnlyList<string> ValidateConfig(JsonElement config);

    /// <summary>Runs the stage.</summary>
    Task<StageOutcome> ExecuteAsync(StageContext context);
}
