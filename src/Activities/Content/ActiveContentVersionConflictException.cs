namespace ContentFlows.Activities.Content;

/// <summary>An activation or rollback the run's current active version does not allow; nothing was changed.</summary>
public sealed class ActiveContentVersionConflictException : Exception
{
    public ActiveContentVersionConflictException()
    {
    }

    public ActiveContentVersionConflictException(string message)
        : base(message)
    {
    }

    public ActiveContentVersionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
