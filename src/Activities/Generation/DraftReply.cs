using System.Text.Json;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Generation;

/// <summary>Reads a generator's JSON reply into content fields.</summary>
public static class DraftReply
{
    /// <summary>
    /// Parses like <see cref="Parse(string)"/> but reports a bad reply as a <see cref="JsonException"/>, the signal
    /// <see cref="Llm.StructuredOutputGenerator"/> answers with one repair attempt.
    /// </summary>
    public static ContentFields ParseForRepair(string reply) => ParseForRepair(reply, []);

    /// <summary>
    /// Parses like <see cref="Parse(string, IReadOnlyList{VariantRequest})"/> but reports a bad reply as a
    /// <see cref="JsonException"/>, so a reply short of the variants asked for gets the one repair attempt too.
    /// </summary>
    public static ContentFields ParseForRepair(string reply, IReadOnlyList<VariantRequest> wanted)
    {
        try
        {
            return Parse(reply, wanted);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>Parses the reply, tolerating a fenced code block around the JSON; variants, when any, are kept as written.</summary>
    /// <exception cref="FormatException">The reply is not a JSON object with the four required string fields written (cta may be left out), or has a malformed variant.</exception>
    public static ContentFields Parse(string reply)
    {
        var fields = ParseFields(reply);
        var problems = MarketingVariantKinds.Problems(fields.Variants);
        return problems.Count == 0 ? fields : throw new FormatException($"The generator's reply has malformed variants: {string.Join(" ", problems)}");
    }

    /// <summary>
    /// Parses the reply and checks it carries the variants asked for: at least the count of each kind wanted. Extra
    /// variants of a kind are dropped past the count, and kinds not asked for are dropped, so the stored version holds
    /// what the stage config says.
    /// </summary>
    /// <exception cref="FormatException">As <see cref="Parse(string)"/>, or a kind asked for has too few variants.</exception>
    public static ContentFields Parse(string reply, IReadOnlyList<VariantRequest> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var fields = Parse(reply);
        var kept = new List<MarketingVariant>();
        var missing = new List<string>();
        foreach (var request in wanted)
        {
            var written = fields.Variants.Where(v => v.Kind == request.Kind).Take(request.Count).ToList();
            if (written.Count < request.Count)
            {
                missing.Add($"{written.Count} of {request.Count} {request.Kind}");
            }

            kept.AddRange(written);
        }

        return missing.Count == 0
            ? fields with { Variants = kept }
            : throw new FormatException($"The generator's reply has too few variants: {string.Join(", ", missing)}; write the field variants with exactly the kinds and counts the task lists.");
    }

    private static ContentFields ParseFields(string reply)
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

        // Absent and blank are told apart: a rewrite that blanks a field is a different fault from a reply cut short.
        var required = new[] { ("title", fields?.Title), ("metaDescription", fields?.MetaDescription), ("h1", fields?.H1), ("body", fields?.Body) };
        var absent = required.Where(f => f.Item2 is null).Select(f => f.Item1).ToList();
        var blank = required.Where(f => f.Item2 is not null && string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (absent.Count == 0 && blank.Count == 0)
        {
            return fields! with { Cta = fields!.Cta ?? string.Empty };
        }

        var faults = new List<string>();
        if (absent.Count > 0)
        {
            faults.Add($"lacks {string.Join(", ", absent)}");
        }

        if (blank.Count > 0)
        {
            faults.Add($"leaves {string.Join(", ", blank)} empty");
        }

        throw new FormatException($"The generator's reply {string.Join(" and ", faults)}; title, metaDescription, h1 and body must all be written.");
    }
}
