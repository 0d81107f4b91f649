namespace ContentFlows.Activities.Research;

/// <summary>What the research stage may read on this worker.</summary>
public sealed class ResearchOptions
{
    /// <summary>Initializes a new instance with defaults: file sources disabled.</summary>
    public ResearchOptions()
    {
    }

    /// <summary>Initializes a new instance allowing file sources under <paramref name="sourceFileRoot"/>.</summary>
    public ResearchOptions(string sourceFileRoot) => SourceFileRoot = sourceFileRoot;

    /// <summary>
    /// Gets or sets the folder file sources are read from; a path resolving outside it is refused, so a brief cannot
    /// read the worker's own files. Default null: file sources are refused (and recorded as degradation warnings).
    /// </summary>
    public string? SourceFileRoot { get; set; }

    /// <summary>Throws naming the bad property.</summary>
    public void Validate()
    {
        if (SourceFileRoot is not null && (string.IsNullOrWhiteSpace(SourceFileRoot) || !Path.IsPathFullyQualified(SourceFileRoot)))
        {
            throw new ArgumentException($"ResearchOptions.SourceFileRoot must be an absolute folder path or null (was \"{SourceFileRoot}\").", nameof(SourceFileRoot));
        }
    }
}
