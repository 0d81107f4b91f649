using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AnyAscii;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// Turns titles into URL-safe names. Every script is transliterated to ASCII (AnyAscii) rather than kept as Unicode:
/// the slug is a file name on any static host and file system, a WordPress slug and a webhook field, and an ASCII
/// slug reads the same in all of them, where a Unicode one turns into <c>%D0%BA%D0%B0…</c> once copied out of a
/// browser's address bar and depends on each host's normalization.
/// </summary>
public static partial class Slug
{
    /// <summary>The longest slug made, in characters.</summary>
    public const int MaxLength = 80;

    /// <summary>The slug of a title with nothing left to spell (only symbols or emoji).</summary>
    public const string Fallback = "page";

    /// <summary>
    /// Lower-case ASCII letters and digits joined by single hyphens, at most <see cref="MaxLength"/> characters;
    /// <see cref="Fallback"/> when nothing is left. Each Han character becomes its own syllable ("如何选择" →
    /// "ru-he-xuan-ze"), since the script writes words without spaces; German (<paramref name="language"/> "de…")
    /// spells umlauts as "ae", "oe", "ue", as German URLs do ("Größe" → "groesse").
    /// </summary>
    /// <param name="text">The title.</param>
    /// <param name="language">The content's BCP 47 language tag, for language-specific spellings; null for none.</param>
    public static string From(string text, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var german = language is not null && (language.Equals("de", StringComparison.OrdinalIgnoreCase) || language.StartsWith("de-", StringComparison.OrdinalIgnoreCase));
        var slug = new StringBuilder();
        foreach (var rune in GreekDiphthongs().Replace(text, "ou").EnumerateRunes())
        {
            var ideograph = IsHan(rune);
            if (ideograph)
            {
                Separate(slug);
            }

            var ascii = german && GermanSpelling(rune) is { } spelled ? spelled : rune.IsAscii ? ((char)rune.Value).ToString() : rune.ToString().Transliterate();
            foreach (var c in ascii)
            {
                var lower = char.ToLowerInvariant(c);
                if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
                {
                    slug.Append(lower);
                }
                else if (c is not '\'' and not '’')
                {
                    // Apostrophes (a Cyrillic soft sign is one in ASCII) join, as in "don't" → "dont"; the rest separates.
                    Separate(slug);
                }
            }

            if (ideograph)
            {
                Separate(slug);
            }
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > MaxLength)
        {
            // Cut at a hyphen when one is near, so the last word stays whole.
            var cut = result.LastIndexOf('-', MaxLength);
            result = (cut > MaxLength / 2 ? result[..cut] : result[..MaxLength]).TrimEnd('-');
        }

        return result.Length == 0 ? Fallback : result;
    }

    // AnyAscii spells Greek letter by letter ("ου" → "oy"); the diphthong reads "ou" in every romanization in use (ELOT 743, ISO 843).
    [GeneratedRegex("[οΟ][υΥύΎ]")]
    private static partial Regex GreekDiphthongs();

    private static void Separate(StringBuilder slug)
    {
        if (slug.Length > 0 && slug[^1] != '-')
        {
            slug.Append('-');
        }
    }

    private static string? GermanSpelling(Rune rune) => rune.Value switch
    {
        'ä' or 'Ä' => "ae",
        'ö' or 'Ö' => "oe",
        'ü' or 'Ü' => "ue",
        _ => null,
    };

    private static bool IsHan(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter
        && rune.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2EBEF;
}
