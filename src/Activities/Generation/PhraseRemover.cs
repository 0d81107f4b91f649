using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Generation;

/// <summary>
/// Cuts phrases out of a text and tidies what the cut leaves behind (double spaces, stray punctuation, a dangling
/// "for" at the end), for the offline generator's rewrite of fields too short to lose a whole sentence.
/// </summary>
internal static partial class PhraseRemover
{
    // Marks where a phrase was cut, so only the text around a cut is tidied.
    private const char Cut = '\u0001';

    /// <summary>
    /// Removes every occurrence of <paramref name="phrases"/> (case-insensitively, as the gates match them); returns
    /// <paramref name="text"/> untouched when none occurs. Paragraphs left empty are dropped.
    /// </summary>
    public static string Remove(string text, IReadOnlyList<string> phrases)
    {
        // Longest first, so a phrase containing a shorter one goes whole.
        var present = phrases.Where(p => p.Length > 0 && text.Contains(p, StringComparison.OrdinalIgnoreCase)).OrderByDescending(p => p.Length).ToList();
        if (present.Count == 0)
        {
            return text;
        }

        var cut = present.Aggregate(text, (current, phrase) => current.Replace(phrase, Cut.ToString(), StringComparison.OrdinalIgnoreCase));
        string previous;
        do
        {
            previous = cut;
            cut = DanglingConnector().Replace(cut, Cut.ToString());
        }
        while (cut != previous);

        var tidied = string.Join("\n\n", cut.Split("\n\n").Select(p => p.Contains(Cut, StringComparison.Ordinal) ? Tidy(p) : p).Where(p => p.Length > 0));
        return tidied.Length > 0 && char.IsUpper(text.TrimStart().FirstOrDefault()) ? char.ToUpperInvariant(tidied[0]) + tidied[1..] : tidied;
    }

    /// <summary>Whether a text still says something: at least three letters.</summary>
    public static bool HasWords(string text) => text.Count(char.IsLetter) >= 3;

    private static string Tidy(string paragraph)
    {
        var text = CutWithSpaces().Replace(paragraph, " ");
        text = RepeatedSpaces().Replace(text, " ");
        text = SpaceBeforePunctuation().Replace(text, string.Empty);
        text = PauseBeforePunctuation().Replace(text, string.Empty);
        text = LeadingPunctuation().Replace(text, string.Empty);
        return TrailingPause().Replace(text, string.Empty).Trim();
    }

    // "mesh wifi for" once "busy families" is cut: a connector with nothing after it but a pause or the end.
    [GeneratedRegex(@"(?<=^|\s)(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with)[ \t]*\u0001(?=[ \t\u0001]*(?:[,;:.!?]|$))", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex DanglingConnector();

    [GeneratedRegex(@"[ \t]*\u0001[ \t]*")]
    private static partial Regex CutWithSpaces();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex RepeatedSpaces();

    [GeneratedRegex(@"[ \t]+(?=[,;:.!?])")]
    private static partial Regex SpaceBeforePunctuation();

    // "the next step, ." once "in one short read" is cut: the comma paused before nothing.
    [GeneratedRegex(@"[,;:](?=[,;:.!?])")]
    private static partial Regex PauseBeforePunctuation();

    [GeneratedRegex(@"^[\s,;:.!?\-–—]+")]
    private static partial Regex LeadingPunctuation();

    [GeneratedRegex(@"[\s,;:\-–—]+$")]
    private static partial Regex TrailingPause();
}
