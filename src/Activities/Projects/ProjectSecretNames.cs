using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Projects;

/// <summary>What a project secret may be called; settings and stage configs name secrets, never hold them.</summary>
public static partial class ProjectSecretNames
{
    /// <summary>The rule, worded for problem messages.</summary>
    public const string Rule = "lower-case letters, digits and - _ . : (at most 64 characters)";

    /// <summary>Returns whether <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.:-]{0,63}$")]
    private static partial Regex Pattern();
}
