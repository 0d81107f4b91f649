using ContentFlows.Activities.Projects;

namespace ContentFlows.Api.Projects;

/// <summary>A settings version in the list: who changed what, when.</summary>
internal sealed record SettingsVersionSummary(int Version, string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<string> ChangedPaths)
{
    public static SettingsVersionSummary From(ProjectSettingsVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(version.Version, version.ChangedBy, version.ChangedAt, version.ChangedPaths);
    }
}
