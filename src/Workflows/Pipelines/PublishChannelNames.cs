using System.Text.Json;

namespace ContentFlows.Workflows.Pipelines;

/// <summary>
/// The names a publish stage's channels are scheduled by: a channel's <c>name</c> when its config gives one, else its
/// type (<c>static-files</c>, <c>webhook</c>, <c>wordpress</c>). The short form <c>{"channel": "…"}</c> and the
/// default name one channel. Read from the JSON here because the workflow cannot reference the stage's config type.
/// </summary>
public static class PublishChannelNames
{
    /// <summary>The channel a publish stage without config publishes to.</summary>
    public const string DefaultChannel = "static-files";

    /// <summary>Returns the channel names of a publish stage's config, in order (a name given twice is listed twice).</summary>
    /// <param name="config">The stage's config from the pinned definition.</param>
    public static IReadOnlyList<string> Of(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            return [DefaultChannel];
        }

        if (config.TryGetProperty("channels", out var channels) && channels.ValueKind == JsonValueKind.Array)
        {
            return channels.EnumerateArray().Select(NameOf).ToList();
        }

        return config.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.String
            ? [channel.GetString()!]
            : [DefaultChannel];
    }

    private static string NameOf(JsonElement channel)
    {
        if (channel.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        if (channel.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } given)
        {
            return given;
        }

        return channel.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : string.Empty;
    }
}
