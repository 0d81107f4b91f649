using System.Text.Json;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>A harness response ({id, ok, result | error, workflowId, runId, history, events, extra}) with assertion helpers.</summary>
internal sealed class ScenarioResponse(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public bool Ok => Root.GetProperty("ok").GetBoolean();

    public string WorkflowId => Text(Root, "workflowId");

    public string RunId => Text(Root, "runId");

    /// <summary>Event type names of the tracked run, e.g. "WorkflowExecutionStarted".</summary>
    public IReadOnlyList<string> History => Root.TryGetProperty("history", out JsonElement history)
        ? [.. history.EnumerateArray().Select(e => e.GetString()!)]
        : throw new InvalidOperationException($"The response has no history: {Root}");

    public JsonElement Extra => Root.GetProperty("extra");

    /// <summary>The scenario's result; fails the test with the harness's error when the scenario failed.</summary>
    public JsonElement ExpectSuccess()
    {
        Assert.True(Ok, $"The scenario failed: {Get(Root, "error")}");
        return Root.GetProperty("result");
    }

    /// <summary>The error the scenario ended with; fails the test when the scenario succeeded.</summary>
    public JsonElement ExpectFailure()
    {
        Assert.False(Ok, $"The scenario succeeded unexpectedly with {Get(Root, "result")}");
        return Root.GetProperty("error");
    }

    /// <summary>The attributes of every event of <paramref name="eventType"/> in the tracked run.</summary>
    public IReadOnlyList<JsonElement> EventsOf(string eventType) => EventsOf(Root.GetProperty("events"), eventType);

    /// <summary>The attributes of the only event of <paramref name="eventType"/>.</summary>
    public JsonElement SingleEvent(string eventType) => SingleEvent(Root.GetProperty("events"), eventType);

    public static IReadOnlyList<JsonElement> EventsOf(JsonElement events, string eventType) =>
        [.. events.EnumerateArray()
            .Where(e => e.GetProperty("eventType").GetString() == eventType)
            .Select(e => e.GetProperty("attributes"))];

    public static JsonElement SingleEvent(JsonElement events, string eventType)
    {
        IReadOnlyList<JsonElement> matches = EventsOf(events, eventType);
        Assert.True(matches.Count == 1, $"Expected exactly one {eventType}, found {matches.Count}");
        return matches[0];
    }

    public static IReadOnlyList<string> EventTypes(JsonElement events) =>
        [.. events.EnumerateArray().Select(e => e.GetProperty("eventType").GetString()!)];

    /// <summary>The element at a dotted path ("cause.cause.type"; array items by index), or Undefined when absent.</summary>
    public static JsonElement Get(JsonElement element, string path)
    {
        JsonElement current = element;
        foreach (string segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out int index)
                && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return default;
            }
        }

        return current;
    }

    /// <summary>The string at a dotted path; fails the test when absent.</summary>
    public static string Text(JsonElement element, string path)
    {
        JsonElement value = Get(element, path);
        Assert.True(value.ValueKind == JsonValueKind.String, $"Expected a string at '{path}' in {element}");
        return value.GetString()!;
    }

    /// <summary>The error names along the cause chain, outermost first.</summary>
    public static IReadOnlyList<string> FailureChain(JsonElement error)
    {
        var names = new List<string>();
        for (JsonElement current = error; current.ValueKind == JsonValueKind.Object; current = Get(current, "cause"))
        {
            names.Add(Text(current, "name"));
        }

        return names;
    }

    public override string ToString() => Root.ToString();
}
