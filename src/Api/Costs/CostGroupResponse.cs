using System.Text.Json.Serialization;
using ContentFlows.Activities.Costs;

namespace ContentFlows.Api.Costs;

/// <summary>One group of a cost report: its key (one property per grouped dimension: model, stage, day, run, batch, definition) and its sums in one currency.</summary>
internal sealed record CostGroupResponse(string? Currency, long Calls, long PromptTokens, long CompletionTokens, long TotalTokens, decimal Cost, long UnpricedCalls)
{
    /// <summary>Gets the group's value of each dimension, written as properties of the group itself.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?> Key { get; init; } = [];

    public static CostGroupResponse From(LlmCostGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(group.Currency, group.Calls, group.PromptTokens, group.CompletionTokens, group.PromptTokens + group.CompletionTokens, group.Cost, group.UnpricedCalls)
        {
            Key = group.Key.ToDictionary(k => CostDimensions.Name(k.Key), k => (object?)k.Value),
        };
    }
}
