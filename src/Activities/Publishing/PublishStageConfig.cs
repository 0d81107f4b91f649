namespace ContentFlows.Activities.Publishing;

/// <summary>The config of the <c>publish</c> stage.</summary>
public sealed class PublishStageConfig
{
    /// <summary>The static site files channel.</summary>
    public const string StaticFilesChannel = "static-files";

    /// <summary>Gets or sets the channel. Default "static-files" (the only one so far).</summary>
    public string Channel { get; set; } = StaticFilesChannel;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        Channel == StaticFilesChannel ? [] : [$"channel must be \"{StaticFilesChannel}\" (was \"{Channel}\")."];
}
