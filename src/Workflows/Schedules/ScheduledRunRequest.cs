namespace ContentFlows.Workflows.Schedules;

/// <summary>Asks the worker to store the run row of one scheduled action and to return the pipeline's input.</summary>
/// <param name="Schedule">The schedule's input.</param>
/// <param name="RunId">The run's id, chosen by the workflow so a retried activity stores the same row.</param>
/// <param name="ScheduledAt">The action's nominal time (UTC), which the brief template's placeholders show.</param>
public sealed record ScheduledRunRequest(ScheduledPipelineInput Schedule, Guid RunId, DateTime ScheduledAt);
