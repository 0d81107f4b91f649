using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>Reads and writes search-attribute payloads: json/plain data with a <c>type</c> metadata entry.</summary>
internal static class SearchAttributePayload
{
    private static readonly ByteString JsonPlain = ByteString.CopyFromUtf8("json/plain");

    /// <summary>
    /// Encodes a value as SDKs do. Accepts string, long/int, double, bool, DateTimeOffset, and a string
    /// sequence for KeywordList.
    /// </summary>
    public static Payload Encode(object value, IndexedValueType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        var json = value switch
        {
            DateTimeOffset time => JsonSerializer.Serialize(FormatRfc3339(time)),
            string text => JsonSerializer.Serialize(text),
            IEnumerable<string> list => JsonSerializer.Serialize(list.ToArray()),
            long number => number.ToString(CultureInfo.InvariantCulture),
            int number => number.ToString(CultureInfo.InvariantCulture),
            double number => JsonSerializer.Serialize(number),
            bool flag => flag ? "true" : "false",
            _ => throw new ArgumentException($"cannot encode {value.GetType().Name} as a search attribute", nameof(value)),
        };
        return new Payload
        {
            Metadata =
            {
                ["encoding"] = JsonPlain,
                ["type"] = ByteString.CopyFromUtf8(type.ToString()),
            },
            Data = ByteString.CopyFromUtf8(json),
        };
    }

    /// <summary>RFC3339 in UTC with 100 ns precision, the form Temporal stores datetimes in.</summary>
    public static string FormatRfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Decodes a payload to comparable scalars for <paramref name="kind"/> (see <see cref="QueryValueKind"/>).
    /// A JSON array yields several values (older SDKs send arrays for every type); null, an empty array,
    /// or data that does not fit the type yield none, so the attribute counts as missing.
    /// </summary>
    public static IReadOnlyList<object> Decode(Payload payload, QueryValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Data.IsEmpty)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            var root = document.RootElement;
            var values = new List<object>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in root.EnumerateArray())
                {
                    if (!TryDecodeScalar(element, kind, out var value))
                    {
                        return [];
                    }

                    values.Add(value);
                }
            }
            else if (root.ValueKind != JsonValueKind.Null)
            {
                if (!TryDecodeScalar(root, kind, out var value))
                {
                    return [];
                }

                values.Add(value);
            }

            return values;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static bool TryDecodeScalar(JsonElement element, QueryValueKind kind, out object value)
    {
        value = false;
        switch (kind)
        {
            case QueryValueKind.Keyword or QueryValueKind.KeywordList or QueryValueKind.Text or QueryValueKind.Status
                when element.ValueKind == JsonValueKind.String:
                value = element.GetString()!;
                return true;
            case QueryValueKind.Int or QueryValueKind.Duration when element.ValueKind == JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                {
                    value = integer;
                    return true;
                }

                // Some encoders write whole numbers as 5.0.
                if (element.TryGetDouble(out var whole) && whole == Math.Floor(whole) && Math.Abs(whole) < 9.2e18)
                {
                    value = (long)whole;
                    return true;
                }

                return false;
            case QueryValueKind.Double when element.ValueKind == JsonValueKind.Number:
                value = element.GetDouble();
                return true;
            case QueryValueKind.Bool when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            case QueryValueKind.Datetime when element.ValueKind == JsonValueKind.String:
                if (QueryValueParsers.TryParseRfc3339(element.GetString()!, out var time))
                {
                    value = time.UtcTicks;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }
}
