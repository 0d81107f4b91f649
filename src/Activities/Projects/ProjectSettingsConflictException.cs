namespace ContentFlows.Activities.Projects;

/// <summary>A settings change was based on a version that is no longer the latest.</summary>
public sealed class ProjectSettingsConflictException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSettingsConflictException"/> class.</summary>
    public ProjectSettingsConflictException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSettingsConflictException"/> class.</summary>
    public ProjectSettingsConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSettingsConflictException"/> class.</summary>
    public ProjectSettingsConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSettingsConflictException"/> class.</summary>
    public ProjectSettingsConflictException(int expected, int latest)
        : base($"The settings were changed since version {expected}; the latest is version {latest}.")
    {
        Latest = latest;
    }

    /// <summary>Gets the latest version.</summary>
    public int Latest { get; }
}
