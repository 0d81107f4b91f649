namespace ContentFlows.Activities.Publishing;

/// <summary>One channel of a run with a publication time.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Channel">The channel's name in the run's publish stage.</param>
/// <param name="PublishAt">When it publishes (or was to publish).</param>
/// <param name="Status">One of <see cref="PublicationScheduleStatuses"/>.</param>
public sealed record PublicationScheduleEntry(Guid RunId, string Channel, DateTimeOffset PublishAt, string Status);
