using ContentFlows.Activities.Costs;

namespace ContentFlows.Api.Costs;

/// <summary>The groupBy names of the cost dimensions.</summary>
internal static class CostDimensions
{
    private static readonly Dictionary<string, LlmCostDimension> ByName = new(StringComparer.Ordinal)
    {
        ["model"] = LlmCostDimension.Model,
        ["stage"] = LlmCostDimension.Stage,
        ["day"] = LlmCostDimension.Day,
        ["run"] = LlmCostDimension.Run,
        ["batch"] = LlmCostDimension.Batch,
        ["definition"] = LlmCostDimension.Definition,
    };

    public static string Names => string.Join(", ", ByName.Keys);

    public static string Name(LlmCostDimension dimension) => ByName.First(entry => entry.Value == dimension).Key;

    /// <summary>Parses a comma-separated list (repeated parameters are joined); null when a name is unknown or repeated.</summary>
    public static IReadOnlyList<LlmCostDimension>? Parse(IEnumerable<string> names)
    {
        var parsed = new List<LlmCostDimension>();
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!ByName.TryGetValue(name, out var dimension) || parsed.Contains(dimension))
            {
                return null;
            }

            parsed.Add(dimension);
        }

        return parsed;
    }
}
