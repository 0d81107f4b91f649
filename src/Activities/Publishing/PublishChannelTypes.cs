namespace ContentFlows.Activities.Publishing;

/// <summary>The channels a <c>publish</c> stage can publish to, by the names definitions use.</summary>
public static class PublishChannelTypes
{
    /// <summary>Static HTML files with a slug per page and an index page per project, under the worker's publish folder.</summary>
    public const string StaticFiles = "static-files";

    /// <summary>An HTTP POST of the content as JSON, signed with HMAC-SHA256.</summary>
    public const string Webhook = "webhook";

    /// <summary>A draft post created through the WordPress REST API.</summary>
    public const string WordPress = "wordpress";

    /// <summary>Gets every channel type.</summary>
    public static IReadOnlyList<string> All { get; } = [StaticFiles, Webhook, WordPress];
}
