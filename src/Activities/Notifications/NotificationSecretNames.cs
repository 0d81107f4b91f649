using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Notifications;

/// <summary>The shape of a project secret's name, as the secrets API accepts it.</summary>
internal static partial class NotificationSecretNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.:-]{0,63}$")]
    private static partial Regex Pattern();
}
