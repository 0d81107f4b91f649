namespace ContentFlows.Activities.Publishing;

/// <summary>What a remote channel made of a publication.</summary>
/// <param name="Location">Where it is: the webhook's URL, the WordPress post's link.</param>
/// <param name="RemoteId">The channel's id for it (the WordPress post id), or null.</param>
public sealed record ChannelDelivery(string Location, string? RemoteId);
