using System.Text.Json;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Stages;

/// <summary>A stage type with a typed config parsed from the definition's JSON (camelCase; missing fields keep their defaults).</summary>
/// <typeparam name="TConfig">The config type.</typeparam>
public abstract class StageType<TConfig> : IStageType
    where TConfig : class, new()
{
    /// <inheritdoc />
    public abstract string TypeName { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public Type ConfigType => typeof(TConfig);

    /// <inheritdoc />
    public virtual bool PublishesContent => false;

    /// <inheritdoc />
    public IReadOnlyList<string> ValidateConfig(JsonElement config) => Parse(config).Problems;

    /// <inheritdoc />
    public Task<StageOutcome> ExecuteAsync(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (parsed, problems) = Parse(context.Invocation.Config);
        return problems.Count > 0 || parsed is null
            ? throw new StageConfigurationException($"The {TypeName} stage's config is not valid: {string.Join(" ", problems)}")
            : ExecuteAsync(context, parsed);
    }

    /// <summary>Runs the stage with its parsed, valid config.</summary>
    protected abstract Task<StageOutcome> ExecuteAsync(StageContext context, TConfig config);

    /// <summary>Lists what is wrong with a parsed config; empty when valid.</summary>
    protected virtual IReadOnlyList<string> Validate(TConfig config) => [];

    private (TConfig? Config, IReadOnlyList<string> Problems) Parse(JsonElement json)
    {
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            var defaults = new TConfig();
            return (defaults, Validate(defaults));
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, [$"config must be a JSON object (was {json.ValueKind})."]);
        }

        try
        {
            var config = json.Deserialize<TConfig>(StageConfigJson.Options) ?? new TConfig();
            return (config, Validate(config));
        }
        catch (JsonException e)
        {
            return (null, [$"config is not valid: {e.Message}"]);
        }
    }
}
