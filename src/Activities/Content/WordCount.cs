using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Content;

/// <summary>Counts words as word processors do: runs of letters and digits (inner apostrophes, hyphens and separators kept), and each Han, Hiragana or Katakana character as one word, since those scripts put no spaces between words.</summary>
public static partial class WordCount
{
    /// <summary>The number of words in <paramref name="text"/>; Markdown syntax counts too, so pass plain text (see <see cref="BodyMarkdown.ToPlainText"/>).</summary>
    public static int Of(string text) => string.IsNullOrEmpty(text) ? 0 : WordPattern().Count(text);

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\p{IsCJKUnifiedIdeographsExtensionA}\p{IsCJKCompatibilityIdeographs}\p{IsHiragana}\p{IsKatakana}]|[\p{L}\p{M}\p{N}-[\p{IsCJKUnifiedIdeographs}\p{IsCJKUnifiedIdeographsExtensionA}\p{IsCJKCompatibilityIdeographs}\p{IsHiragana}\p{IsKatakana}]]+(?:['’.,\-][\p{L}\p{M}\p{N}-[\p{IsCJKUnifiedIdeographs}\p{IsCJKUnifiedIdeographsExtensionA}\p{IsCJKCompatibilityIdeographs}\p{IsHiragana}\p{IsKatakana}]]+)*")]
    private static partial Regex WordPattern();
}
