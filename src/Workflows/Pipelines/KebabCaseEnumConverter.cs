using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>Writes enums as kebab-case strings ("auto-approve-above-score"), as definitions and histories spell them.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class KebabCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Initializes a new instance; integers are refused so a typo cannot become a valid value.</summary>
    public KebabCaseEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
