using System.Text.Json;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Tests.Pipelines;

/// <summary>The channel names a publish stage's config is scheduled by.</summary>
public sealed class PublishChannelNamesTests
{
    [Theory]
    [InlineData("null", new[] { "static-files" })]
    [InlineData("{}", new[] { "static-files" })]
    [InlineData("{\"channel\": \"static-files\"}", new[] { "static-files" })]
    [InlineData("{\"channels\": [{\"type\": \"webhook\", \"url\": \"https://x\"}, {\"type\": \"webhook\", \"name\": \"partner-hook\"}, {\"type\": \"static-files\"}]}", new[] { "webhook", "partner-hook", "static-files" })]
    public void Of_Config_NamesEachChannelByNameElseType(string json, string[] expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, PublishChannelNames.Of(document.RootElement));
    }
}
