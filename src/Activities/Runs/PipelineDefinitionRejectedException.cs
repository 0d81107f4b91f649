namespace ContentFlows.Activities.Runs;

/// <summary>A pipeline definition was refused at submission; <see cref="Problems"/> lists every problem found.</summary>
public sealed class PipelineDefinitionRejectedException : Exception
{
    public PipelineDefinitionRejectedException()
        : this("(unnamed)", [])
    {
    }

    public PipelineDefinitionRejectedException(string message)
        : base(message)
    {
        DefinitionName = string.Empty;
        Problems = [message];
    }

    public PipelineDefinitionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        DefinitionName = string.Empty;
        Problems = [message];
    }

    public PipelineDefinitionRejectedException(string definitionName, IReadOnlyList<string> problems)
        : base($"Pipeline definition \"{definitionName}\" was refused: {string.Join(" ", problems ?? [])}")
    {
        DefinitionName = definitionName;
        Problems = problems ?? [];
    }

    /// <summary>Gets the definition's name.</summary>
    public string DefinitionName { get; }

    /// <summary>Gets every problem found, each naming the stage it concerns.</summary>
    public IReadOnlyList<string> Problems { get; }
}
