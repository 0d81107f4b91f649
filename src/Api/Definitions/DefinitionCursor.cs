using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ContentFlows.Api.Definitions;

/// <summary>Where a page of definitions ended: the last definition's name and version (names sort first, then newest version).</summary>
internal sealed record DefinitionCursor(string Name, int Version)
{
    /// <summary>The cursor as sent to clients: the version, a dot, and the name in base64url (names may hold any character).</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Version}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Name))}");

    /// <summary>Parses a cursor made by <see cref="Format"/>; null when it is not one.</summary>
    public static DefinitionCursor? Parse(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var parts = cursor.Split('.', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return null;
        }

        try
        {
            return new DefinitionCursor(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])), version);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
