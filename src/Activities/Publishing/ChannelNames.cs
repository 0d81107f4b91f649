using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Publishing;

/// <summary>The rule for channel names (URL path segments in the API: <c>/api/runs/{id}/publications/{channel}</c>).</summary>
public static partial class ChannelNames
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "1 to 63 lowercase letters, digits and dashes, starting with a letter";

    /// <summary>Whether <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 63 } && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
