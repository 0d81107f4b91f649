namespace ContentFlows.Activities.Stages;

/// <summary>A stage cannot run with its definition: a bad config or a stage in the wrong place. Retrying will not help.</summary>
public sealed class StageConfigurationException : Exception
{
    public StageConfigurationException()
    {
    }

    public StageConfigurationException(string message)
        : base(message)
    {
    }

    public StageConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
