using System.Text.Json;

namespace ContentFlows.Api.Infrastructure;

/// <summary>Enum values by the kebab-case names the API writes them with, for query parameters that take them.</summary>
internal static class JsonEnumNames
{
    /// <summary>The value named <paramref name="name"/> (case-insensitive); null when none is.</summary>
    public static TEnum? Parse<TEnum>(string name)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(value), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A value's name as the API writes it.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
