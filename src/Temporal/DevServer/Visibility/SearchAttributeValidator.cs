using System.Globalization;
using System.Text;
using System.Text.Json;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// Temporal's checks of the search attributes a start, signal-with-start, schedule or upsert sets, in its
/// order and words: unknown names first (the namespace has no alias for them), then the key count, system and
/// server-only names, values that do not decode as the attribute's type, and the size limits.
/// </summary>
internal static class SearchAttributeValidator
{
    /// <summary>Temporal's frontend.searchAttributesNumberOfKeysLimit default.</summary>
    public const int MaxKeys = 100;

    /// <summary>Temporal's frontend.searchAttributesSizeOfValueLimit default (bytes of one value's data).</summary>
    public const int MaxValueBytes = 2 * 1024;

    /// <summary>Temporal's frontend.searchAttributesTotalSizeLimit default (bytes of the whole map).</summary>
    public const int MaxTotalBytes = 40 * 1024;

    /// <summary>The first problem as Temporal words it, or null when the attributes are valid.</summary>
    public static string? FindError(SearchAttributes? attributes, string namespaceName, SearchAttributeRegistry registry) =>
        FindUnmapped(attributes, namespaceName, registry) ?? FindInvalid(attributes, registry);

    /// <summary>A name the namespace has no attribute for (Temporal's unaliasing step, which runs first).</summary>
    public static string? FindUnmapped(SearchAttributes? attributes, string namespaceName, SearchAttributeRegistry registry)
    {
        foreach (var name in attributes?.IndexedFields.Keys ?? [])
        {
            if (!SearchAttributeRegistry.IsSystem(name) && !SearchAttributeRegistry.IsPredefined(name) && !registry.IsAlias(name) && !registry.IsServerCustom(name))
            {
                return $"Namespace {namespaceName} has no mapping defined for search attribute {name}";
            }
        }

        return null;
    }

    /// <summary>The checks after unaliasing: key count, names users may not set, values of the wrong type, sizes.</summary>
    public static string? FindInvalid(SearchAttributes? attributes, SearchAttributeRegistry registry)
    {
        if (attributes is null || attributes.IndexedFields.Count == 0)
        {
            return null;
        }

        if (attributes.IndexedFields.Count > MaxKeys)
        {
            return $"number of search attributes {attributes.IndexedFields.Count} exceeds limit {MaxKeys}";
        }

        foreach (var (name, payload) in attributes.IndexedFields)
        {
            if (SearchAttributeRegistry.IsSystem(name) || (SearchAttributeRegistry.IsPredefined(name) && !SearchAttributeRegistry.IsSettablePredefined(name)))
            {
                return $"{name} attribute can't be set in SearchAttributes";
            }

            registry.TryGetType(name, out var type);
            if (!Decodes(payload, type, out var shown))
            {
                return $"invalid value for search attribute {name} of type {type}: {shown}";
            }
        }

        foreach (var (name, payload) in attributes.IndexedFields)
        {
            if (payload.Data.Length > MaxValueBytes)
            {
                return $"search attribute {name} value size {payload.Data.Length} exceeds size limit {MaxValueBytes}";
            }
        }

        var total = attributes.CalculateSize();
        return total > MaxTotalBytes ? $"total size of search attributes {total} exceeds size limit {MaxTotalBytes}" : null;
    }

    /// <summary>Whether the payload decodes as the type (a list of values is allowed, as Temporal's visibility allow-list default says); else the value as Temporal prints it.</summary>
    private static bool Decodes(Payload payload, IndexedValueType type, out string shown)
    {
        shown = string.Empty;
        var encoding = payload.Metadata.TryGetValue("encoding", out var e) ? e.ToStringUtf8() : string.Empty;
        if (encoding == "binary/null")
        {
            return true;
        }

        JsonElement value;
        try
        {
            if (encoding != "json/plain")
            {
                throw new JsonException("not json/plain");
            }

            using var document = JsonDocument.Parse(payload.Data.Memory);
            value = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            shown = $"value from <{payload}>";
            return false;
        }

        var fits = value.ValueKind == JsonValueKind.Null || type switch
        {
            // A keyword list is a list of strings; a single string is not one.
            IndexedValueType.KeywordList => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
            _ => value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().All(v => IsScalar(v, type)) : IsScalar(value, type),
        };
        if (!fits)
        {
            shown = GoFormat(value);
        }

        return fits;
    }

    private static bool IsScalar(JsonElement value, IndexedValueType type) => type switch
    {
        IndexedValueType.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        IndexedValueType.Int => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        IndexedValueType.Double => value.ValueKind == JsonValueKind.Number,
        IndexedValueType.Keyword or IndexedValueType.Text => value.ValueKind == JsonValueKind.String,
        IndexedValueType.Datetime => value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
        _ => false,
    };

    /// <summary>A decoded JSON value as Go's %v prints it (Temporal's messages show values that way).</summary>
    private static string GoFormat(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString() ?? string.Empty;
            case JsonValueKind.Number:
                return value.GetDouble().ToString("R", CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Array:
                return "[" + string.Join(' ', value.EnumerateArray().Select(GoFormat)) + "]";
            case JsonValueKind.Object:
                var text = new StringBuilder("map[");
                text.AppendJoin(' ', value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + ":" + GoFormat(p.Value)));
                return text.Append(']').ToString();
            default:
                return "<nil>";
        }
    }
}
