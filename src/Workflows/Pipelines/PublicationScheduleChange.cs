namespace ContentFlows.Workflows.Pipelines;

/// <summary>Reschedules or cancels one channel's publication of a run, sent as the <c>schedule-publication</c> signal.</summary>
/// <param name="Channel">The channel's name in the publish stage (see <see cref="PublishChannelNames"/>).</param>
/// <param name="PublishAt">When to publish (UTC); null cancels the channel's publication for this run.</param>
/// <param name="RequestedBy">Who asked (logged by the workflow).</param>
public sealed record PublicationScheduleChange(string Channel, DateTimeOffset? PublishAt, string RequestedBy);
