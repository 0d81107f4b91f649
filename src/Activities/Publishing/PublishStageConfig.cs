namespace ContentFlows.Activities.Publishing;

/// <summary>
/// The config of the <c>publish</c> stage: the channels it publishes to, in order. The short form
/// <c>{"channel": "static-files"}</c> (also the default) names the one channel that needs no settings; channels with
/// settings go in <see cref="Channels"/>, e.g.
/// <c>{"channels": [{"type": "webhook", "url": "https://…", "signingSecretName": "webhook-signing-key"}]}</c>.
/// </summary>
public sealed class PublishStageConfig
{
    /// <summary>Gets or sets the single channel of the short form; only "static-files" needs no settings. Null when <see cref="Channels"/> is given.</summary>
    public string? Channel { get; set; }

    /// <summary>Gets or sets the channels with their settings; null for the short form.</summary>
    public IReadOnlyList<PublishChannelConfig>? Channels { get; set; }

    /// <summary>Returns the channels to publish to, in order (the short form as one channel; static-files by default).</summary>
    public IReadOnlyList<PublishChannelConfig> EffectiveChannels() =>
        Channels ?? [new PublishChannelConfig { Type = Channel ?? PublishChannelTypes.StaticFiles }];

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (Channels is null)
        {
            return Channel switch
            {
                null or PublishChannelTypes.StaticFiles => [],
                PublishChannelTypes.Webhook or PublishChannelTypes.WordPress =>
                    [$"channel \"{Channel}\" needs settings: list it under channels, e.g. \"channels\": [{{\"type\": \"{Channel}\", \"url\": \"https://…\", …}}]."],
                _ => [$"channel: unknown channel \"{Channel}\"; known: {string.Join(", ", PublishChannelTypes.All)}."],
            };
        }

        var problems = new List<string>();
        if (Channel is not null)
        {
            problems.Add("give either channel or channels, not both.");
        }

        if (Channels.Count == 0)
        {
            problems.Add("channels must list at least one channel.");
        }

        for (var index = 0; index < Channels.Count; index++)
        {
            problems.AddRange(Channels[index] is { } channel ? channel.Validate($"channels[{index}]") : [$"channels[{index}] must be a channel object (was null)."]);
        }

        // One site folder and index per project: a second static-files channel would write the same files again.
        if (Channels.Count(c => c?.Type == PublishChannelTypes.StaticFiles) > 1)
        {
            problems.Add("channels lists static-files more than once.");
        }

        return problems;
    }
}
