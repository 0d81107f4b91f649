namespace ContentFlows.Workflows.Pipelines;

/// <summary>A channel the run publishes to at a set time, or will not publish to (cancelled).</summary>
/// <param name="Channel">The channel's name in the publish stage.</param>
/// <param name="PublishAt">When it publishes (UTC); null when cancelled.</param>
/// <param name="Published">Whether it has been published.</param>
public sealed record ScheduledPublication(string Channel, DateTimeOffset? PublishAt, bool Published);
