using System.Text;

namespace ContentFlows.Activities.Publishing;

/// <summary>Turns titles into URL-safe file names.</summary>
public static class Slug
{
    /// <summary>Lower-case ASCII letters and digits joined by single hyphens, at most 80 characters; "page" when nothing is left.</summary>
    public static string From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (Transliterate(c) is { } ascii)
            {
                slug.Append(ascii);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > 80)
        {
            result = result[..80].TrimEnd('-');
        }

        return result.Length == 0 ? "page" : result;
    }

    // The app runs with invariant globalization, where Unicode normalization cannot strip accents; common Latin letters are mapped by hand.
    private static string? Transliterate(char c) => c switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' or 'é' or 'ê' or 'ë' => "e",
        'ì' or 'í' or 'î' or 'ï' => "i",
        'ñ' => "n",
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'ù' or 'ú' or 'û' or 'ü' => "u",
        'ý' or 'ÿ' => "y",
        _ => null,
    };
}
