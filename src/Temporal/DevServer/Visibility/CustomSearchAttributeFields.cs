using System.Globalization;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// The preallocated custom search attribute fields of Temporal's SQL visibility store (Bool01…Bool03,
/// Keyword01…Keyword10, …): OperatorService.AddSearchAttributes gives a namespace's attribute the first free
/// field of its type and records it in the namespace's <c>custom_search_attribute_aliases</c>, so a type has
/// as many attributes per namespace as it has fields.
/// </summary>
internal static class CustomSearchAttributeFields
{
    private static readonly (IndexedValueType Type, int Count)[] FieldCounts =
    [
        (IndexedValueType.Bool, 3),
        (IndexedValueType.Int, 3),
        (IndexedValueType.Double, 3),
        (IndexedValueType.Datetime, 3),
        (IndexedValueType.Keyword, 10),
        (IndexedValueType.KeywordList, 3),
        (IndexedValueType.Text, 3),
    ];

    /// <summary>The fields of one type in allocation order.</summary>
    public static IEnumerable<string> For(IndexedValueType type)
    {
        var count = FieldCounts.FirstOrDefault(f => f.Type == type).Count;
        for (var i = 1; i <= count; i++)
        {
            yield return Name(type, i);
        }
    }

    /// <summary>The type of a preallocated field name, as the name spells it.</summary>
    public static bool TryGetType(string field, out IndexedValueType type)
    {
        // Longest type names first: "KeywordList01" must not read as Keyword.
        foreach (var (candidate, count) in FieldCounts.OrderByDescending(f => f.Type.ToString().Length))
        {
            var prefix = candidate.ToString();
            if (field.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(field.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index >= 1 && index <= count && field == Name(candidate, index))
            {
                type = candidate;
                return true;
            }
        }

        type = IndexedValueType.Unspecified;
        return false;
    }

    private static string Name(IndexedValueType type, int index) => type.ToString() + index.ToString("00", CultureInfo.InvariantCulture);
}
