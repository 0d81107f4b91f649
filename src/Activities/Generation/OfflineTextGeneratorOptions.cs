namespace ContentFlows.Activities.Generation;

/// <summary>Steers the offline generator, for demos and tests.</summary>
public sealed class OfflineTextGeneratorOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether first drafts deliberately carry the brand's first banned phrase and a
    /// number the sources do not contain, so the gates fail and the rewrite loop has something to fix. Default false.
    /// </summary>
    public bool InjectFlawsIntoFirstDrafts { get; set; }
}
