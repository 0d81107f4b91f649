namespace ContentFlows.Activities.Datasets;

/// <summary>
/// Checks one row and normalizes it. The limits keep every item small enough to travel in a workflow payload as a
/// brief, so a batch's history stays small whatever the dataset holds.
/// </summary>
internal static class DatasetRowValidator
{
    public const int MaxShortFieldLength = 200;
    public const int MaxSourceTextLength = 4_000;
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 80;
    public const int MaxAttributes = 50;
    public const int MaxAttributeLength = 2_000;

    /// <summary>The most characters a row's extra fields may hold together (names and values): they travel in its brief.</summary>
    public const int MaxAttributesTotalLength = 4_000;

    /// <summary>Field names as uploaders write them ("source_text", "Source Text", "sourceText") mapped to one key.</summary>
    public static string Normalize(string field) =>
        new([.. field.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    /// <summary>Validates a row; returns the item, or null after adding its problems.</summary>
    /// <param name="line">The row's first line.</param>
    /// <param name="fields">The text fields by their names in the file.</param>
    /// <param name="keywords">The keywords when the file gives a list (JSON); null to split the "keywords" text field on ';'.</param>
    /// <param name="problems">Where the row's problems go.</param>
    public static DatasetItem? Validate(int line, IReadOnlyList<KeyValuePair<string, string>> fields, IReadOnlyList<string>? keywords, List<DatasetRowProblem> problems)
    {
        var before = problems.Count;
        string? topic = null, audience = null, channel = null, sourceText = null, keywordText = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in fields)
        {
            var value = raw.Trim();
            switch (Normalize(name))
            {
                case "topic":
                    topic = value;
                    break;
                case "audience":
                    audience = value.Length == 0 ? null : value;
                    break;
                case "channel":
                    channel = value.Length == 0 ? null : value;
                    break;
                case "sourcetext":
                    sourceText = value;
                    break;
                case "keywords":
                    keywordText = value;
                    break;
                default:
                    if (value.Length > MaxAttributeLength)
                    {
                        problems.Add(new DatasetRowProblem(line, name, $"is longer than {MaxAttributeLength} characters (was {value.Length})."));
                    }

                    attributes[name] = value;
                    break;
            }
        }

        if (string.IsNullOrEmpty(topic))
        {
            problems.Add(new DatasetRowProblem(line, "topic", "is required and was empty or missing."));
        }

        CheckLength(line, "topic", topic, MaxShortFieldLength, problems);
        CheckLength(line, "audience", audience, MaxShortFieldLength, problems);
        CheckLength(line, "channel", channel, MaxShortFieldLength, problems);
        CheckLength(line, "source_text", sourceText, MaxSourceTextLength, problems);
        if (attributes.Count > MaxAttributes)
        {
            problems.Add(new DatasetRowProblem(line, null, $"has {attributes.Count} extra fields; at most {MaxAttributes} are kept."));
        }

        var attributesLength = attributes.Sum(a => a.Key.Length + a.Value.Length);
        if (attributesLength > MaxAttributesTotalLength)
        {
            problems.Add(new DatasetRowProblem(line, null, $"has {attributesLength} characters in its extra fields (names and values); at most {MaxAttributesTotalLength} travel with a brief. Move long text to source_text."));
        }

        var keywordList = (keywords ?? keywordText?.Split(';') ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).ToList();
        if (keywordList.Count > MaxKeywords)
        {
            problems.Add(new DatasetRowProblem(line, "keywords", $"has {keywordList.Count} keywords; at most {MaxKeywords} are allowed."));
        }

        foreach (var keyword in keywordList.Where(k => k.Length > MaxKeywordLength))
        {
            problems.Add(new DatasetRowProblem(line, "keywords", $"keyword \"{keyword[..20]}…\" is longer than {MaxKeywordLength} characters."));
        }

        return problems.Count > before ? null : new DatasetItem(topic!, audience, channel, keywordList, sourceText ?? string.Empty, attributes);
    }

    private static void CheckLength(int line, string field, string? value, int max, List<DatasetRowProblem> problems)
    {
        if (value is not null && value.Length > max)
        {
            problems.Add(new DatasetRowProblem(line, field, $"is longer than {max} characters (was {value.Length})."));
        }
    }
}
