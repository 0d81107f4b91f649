namespace ContentFlows.Activities.Projects;

/// <summary>One stored version of a project's settings.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Version">1 at creation, then one more per change.</param>
/// <param name="Settings">The settings as of this version.</param>
/// <param name="ChangedBy">Who made the change (the API key's name; "project creation" for version 1 of older projects).</param>
/// <param name="ChangedAt">When.</param>
/// <param name="ChangedPaths">The JSON pointers of the settings this version changed (empty for version 1).</param>
public sealed record ProjectSettingsVersion(Guid ProjectId, int Version, ProjectSettings Settings, string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<string> ChangedPaths);
