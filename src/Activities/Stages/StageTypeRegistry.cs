using ContentFlows.Activities.Projects;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Stages;

/// <summary>The registered stage types by name, and the validation of whole definitions against them.</summary>
public sealed class StageTypeRegistry
{
    private readonly Dictionary<string, IStageType> types;

    public StageTypeRegistry(IEnumerable<IStageType> stageTypes)
    {
        ArgumentNullException.ThrowIfNull(stageTypes);
        types = new Dictionary<string, IStageType>(StringComparer.Ordinal);
        foreach (var type in stageTypes)
        {
            if (!types.TryAdd(type.TypeName, type))
            {
                throw new InvalidOperationException($"Two stage types are registered as \"{type.TypeName}\": {types[type.TypeName].GetType().Name} and {type.GetType().Name}.");
            }
        }
    }

    /// <summary>Gets the registered type names, sorted.</summary>
    public IReadOnlyList<string> TypeNames => types.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Describes every registered stage type, sorted by name: what it does and its config's JSON schema.</summary>
    public IReadOnlyList<StageTypeDescription> Describe() =>
        TypeNames.Select(name => types[name]).Select(type => new StageTypeDescription(type.TypeName, type.Description, type.PublishesContent, StageConfigSchemas.For(type.ConfigType))).ToList();

    /// <summary>Tells whether a stage type is registered under <paramref name="typeName"/>.</summary>
    public bool Contains(string typeName) => types.ContainsKey(typeName);

    /// <summary>Returns the stage type registered under <paramref name="typeName"/>.</summary>
    /// <exception cref="StageConfigurationException">No such type.</exception>
    public IStageType Get(string typeName) => types.TryGetValue(typeName, out var type)
        ? type
        : throw new StageConfigurationException($"Unknown stage type \"{typeName}\"; registered: {string.Join(", ", TypeNames)}.");

    /// <summary>Lists every problem of a definition's stages (unknown types, invalid configs, misplaced stages); empty when valid.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyList<StageDefinition> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var problems = new List<string>();
        if (stages.Count == 0)
        {
            problems.Add("A pipeline needs at least one stage.");
        }

        for (var index = 0; index < stages.Count; index++)
        {
            var stage = stages[index];
            if (!types.TryGetValue(stage.Type ?? string.Empty, out var type))
            {
                problems.Add($"Stage {index}: unknown stage type \"{stage.Type}\"; registered: {string.Join(", ", TypeNames)}.");
                continue;
            }

            problems.AddRange(type.ValidateConfig(stage.Config).Select(problem => $"Stage {index} ({stage.Type}): {problem}"));
            if (stage.Type == PipelineStageTypes.Rewrite && (index == 0 || stages[index - 1].Type == PipelineStageTypes.Rewrite))
            {
                problems.Add($"Stage {index} (rewrite): must follow the gate stage whose findings it fixes.");
            }
        }

        return problems;
    }

    /// <summary>Lists every problem of a definition's stages, including those against the project's publishing rules; empty when valid.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyList<StageDefinition> stages, PublishingSettings publishing)
    {
        ArgumentNullException.ThrowIfNull(publishing);
        var problems = Validate(stages).ToList();
        if (!publishing.RequireApproval)
        {
            return problems;
        }

        var approved = false;
        for (var index = 0; index < stages.Count; index++)
        {
            approved |= stages[index].Type == PipelineStageTypes.Approval;
            if (!approved && types.TryGetValue(stages[index].Type ?? string.Empty, out var type) && type.PublishesContent)
            {
                problems.Add($"Stage {index} ({stages[index].Type}): the project requires approval before publishing; put an approval stage before it.");
            }
        }

        return problems;
    }
}
