namespace ContentFlows.Temporal.DevServer.Visibility;

/// <summary>
/// Text attributes are full-text fields: <c>=</c> matches when every word of the query value occurs,
/// case-insensitively, among the words of the attribute (word order and other words do not matter).
/// </summary>
internal static class TextMatcher
{
    public static string[] Words(string text) =>
        [.. SplitWords(text).Select(static w => w.ToUpperInvariant())];

    public static bool Contains(string text, IReadOnlyCollection<string> queryWords)
    {
        var words = new HashSet<string>(Words(text), StringComparer.Ordinal);

        // An all-punctuation value has no words; let it match only a value with no words either.
        return queryWords.Count == 0 ? words.Count == 0 : queryWords.All(words.Contains);
    }

    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return words;
    }
}
