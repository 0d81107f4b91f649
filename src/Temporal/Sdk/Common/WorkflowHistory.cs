using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Common;

/// <summary>
/// A workflow run's history: its id and events. Serializes to and from the JSON the Temporal CLI
/// (<c>temporal workflow show -o json</c>) and the Temporal UI export: the protobuf JSON of <c>History</c>,
/// <c>{"events":[...]}</c> with enums as <c>EVENT_TYPE_...</c> names. Reading also accepts a bare event
/// array and the older PascalCase enum names (<c>"eventType": "WorkflowExecutionStarted"</c>).
/// </summary>
public sealed class WorkflowHistory
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Initializes a new instance of the <see cref="WorkflowHistory"/> class.</summary>
    /// <param name="id">The workflow id.</param>
    /// <param name="events">The events, in order.</param>
    public WorkflowHistory(string id, IReadOnlyList<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(events);
        Id = id;
        Events = events;
    }

    /// <summary>Gets the workflow id.</summary>
    public string Id { get; }

    /// <summary>Gets the events, in order.</summary>
    public IReadOnlyList<HistoryEvent> Events { get; }

    /// <summary>Reads a history exported by the Temporal CLI or UI (or written by <see cref="ToJson"/>).</summary>
    /// <param name="workflowId">The workflow id (exports do not carry it).</param>
    /// <param name="json">The JSON.</param>
    /// <returns>The history.</returns>
    /// <exception cref="FormatException">The JSON is not a history.</exception>
    public static WorkflowHistory FromJson(string workflowId, string json)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"History JSON does not parse: {e.Message}", e);
        }

        if (root is JsonArray array)
        {
            root = new JsonObject { ["events"] = array.DeepClone() };
        }

        if (root is not JsonObject obj)
        {
            throw new FormatException("History JSON must be an object with \"events\" or an array of events.");
        }

        NormalizeEnums(obj, History.Descriptor);
        try
        {
            var history = Parser.Parse<History>(obj.ToJsonString());
            return new WorkflowHistory(workflowId, [.. history.Events]);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"History JSON is not a temporal.api.history.v1.History: {e.Message}", e);
        }
    }

    /// <summary>Writes the history as the Temporal CLI/UI export JSON: <c>{"events":[...]}</c>.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson()
    {
        var history = new History();
        history.Events.Add(Events);
        return Formatter.Format(history);
    }

    /// <summary>Rewrites enum values given as PascalCase names (older exports) into the proto names, guided by the descriptors.</summary>
    private static void NormalizeEnums(JsonObject obj, MessageDescriptor descriptor)
    {
        foreach (var (name, value) in obj.ToList())
        {
            var field = descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name || f.Name == name);
            if (field is null || value is null)
            {
                continue;
            }

            if (field.FieldType == FieldType.Enum)
            {
                if (value is JsonArray values)
                {
                    for (var i = 0; i < values.Count; i++)
                    {
                        values[i] = Normalize(values[i], field.EnumType);
                    }
                }
                else
                {
                    obj[name] = Normalize(value, field.EnumType);
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && IsNested(field.MessageType))
            {
                if (value is JsonArray items)
                {
                    foreach (var item in items.OfType<JsonObject>())
                    {
                        NormalizeEnums(item, field.MessageType);
                    }
                }
                else if (value is JsonObject nested)
                {
                    NormalizeEnums(nested, field.MessageType);
                }
            }
        }
    }

    private static bool IsNested(MessageDescriptor descriptor) =>
        !descriptor.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal);

    private static JsonNode? Normalize(JsonNode? value, EnumDescriptor enumType)
    {
        if (value is not JsonValue json || !json.TryGetValue<string>(out var text) || enumType.FindValueByName(text) is not null)
        {
            return value?.DeepClone();
        }

        var snake = ToScreamingSnake(text);
        var match = enumType.Values.FirstOrDefault(v => v.Name == snake || v.Name.EndsWith("_" + snake, StringComparison.Ordinal));
        return match is null ? JsonValue.Create(text) : JsonValue.Create(match.Name);
    }

    private static string ToScreamingSnake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]) && char.IsUpper(pascal[i - 1]))))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpper(c, CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
