using System.Text.Json;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>Reads a generator's JSON reply into content fields.</summary>
public static class DraftReply
{
    /// <summary>
    /// Parses like <see cref="Parse"/> but reports a bad reply as a <see cref="JsonException"/>, the signal
    /// <see cref="Llm.StructuredOutputGenerator"/> answers with one repair attempt.
    /// </summary>
    public static ContentFields ParseForRepair(string reply)
    {
        try
        {
            return Parse(reply);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>Parses the reply, tolerating a fenced code block around the JSON.</summary>
    /// <exception cref="FormatException">The reply is not a JSON object with the five string fields.</exception>
    public static ContentFields Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = reply.Trim();
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open < 0 || close < open)
        {
            throw new FormatException("The generator's reply holds no JSON object.");
        }

        ContentFields? fields;
        try
        {
            fields = JsonSerializer.Deserialize<ContentFields>(text[open..(close + 1)], PipelineJson.Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The generator's reply is not valid JSON: {e.Message}", e);
        }

        var missing = new[] { ("title", fields?.Title), ("metaDescription", fields?.MetaDescription), ("h1", fields?.H1), ("body", fields?.Body) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2))
            .Select(f => f.Item1)
            .ToList();
        return missing.Count == 0
            ? fields! with { Cta = fields!.Cta ?? string.Empty }
            : throw new FormatException($"The generator's reply lacks {string.Join(", ", missing)}.");
    }
}
