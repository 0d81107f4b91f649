namespace ContentFlows.Activities.Publishing;

/// <summary>Where the static-files channel writes.</summary>
public sealed class StaticSiteOptions
{
    /// <summary>Initializes a new instance; set <see cref="RootDirectory"/> before use.</summary>
    public StaticSiteOptions()
    {
    }

    /// <summary>Initializes a new instance with the required value.</summary>
    public StaticSiteOptions(string rootDirectory) => RootDirectory = rootDirectory;

    /// <summary>Gets or sets the site root; each project publishes into a folder named by its slug. Required.</summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>Throws naming the bad property.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootDirectory))
        {
            throw new ArgumentException("StaticSiteOptions.RootDirectory is required (was empty).", nameof(RootDirectory));
        }
    }
}
