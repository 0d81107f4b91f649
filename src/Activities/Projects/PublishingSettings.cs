namespace ContentFlows.Activities.Projects;

/// <summary>A project's publishing rules.</summary>
public sealed record PublishingSettings
{
    /// <summary>
    /// Gets a value indicating whether content must pass an approval stage before any publish stage. Default false;
    /// when true, a definition publishing without a preceding approval is refused at submission.
    /// </summary>
    public bool RequireApproval { get; init; }
}
