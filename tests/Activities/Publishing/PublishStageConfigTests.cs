using ContentFlows.Activities.Publishing;

namespace ContentFlows.Activities.Tests.Publishing;

public sealed class PublishStageConfigTests
{
    [Fact]
    public void EffectiveChannels_NoChannelGiven_StaticFilesAlone()
    {
        var config = new PublishStageConfig();

        Assert.Empty(config.Validate());
        Assert.Equal([PublishChannelTypes.StaticFiles], config.EffectiveChannels().Select(c => c.Type));
    }

    [Fact]
    public void Validate_ValidWebhookAndWordPress_NoProblems()
    {
        var config = new PublishStageConfig
        {
            Channels =
            [
                new PublishChannelConfig { Type = PublishChannelTypes.StaticFiles },
                new PublishChannelConfig { Type = PublishChannelTypes.Webhook, Url = "https://hooks.example/content", SigningSecretName = "webhook-signing-key" },
                new PublishChannelConfig { Type = PublishChannelTypes.WordPress, Url = "https://blog.example", Username = "editor", ApplicationPasswordSecretName = "wp:app-password", TimeoutSeconds = 120 },
            ],
        };

        Assert.Empty(config.Validate());
        Assert.Equal(3, config.EffectiveChannels().Count);
    }

    [Fact]
    public void Validate_ConflictingOrEmptyOrRepeated_EveryProblemListed()
    {
        var config = new PublishStageConfig
        {
            Channel = PublishChannelTypes.StaticFiles,
            Channels =
            [
                new PublishChannelConfig { Type = PublishChannelTypes.StaticFiles, Url = "https://example.test" },
                new PublishChannelConfig { Type = PublishChannelTypes.StaticFiles },
                new PublishChannelConfig { Type = PublishChannelTypes.Webhook, Url = "ftp://hooks.example", SigningSecretName = "s", TimeoutSeconds = 0 },
                new PublishChannelConfig { Type = PublishChannelTypes.WordPress, Url = "https://blog.example", ApplicationPasswordSecretName = "wp" },
            ],
        };

        Assert.Equal(
            [
                "give either channel or channels, not both.",
                "channels[0]: a static-files channel takes no url or credentials (it writes to the worker's publish folder).",
                "channels[2].url must be an absolute http or https URL (was \"ftp://hooks.example\").",
                "channels[2].timeoutSeconds must be within 1..120 (was 0).",
                "channels[3].username is required: the WordPress user the drafts are created as.",
                "channels lists static-files more than once.",
            ],
            config.Validate());
        Assert.Equal(["channels must list at least one channel."], new PublishStageConfig { Channels = [] }.Validate());
    }
}
