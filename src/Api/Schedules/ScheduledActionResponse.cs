namespace ContentFlows.Api.Schedules;

/// <summary>One action a schedule took.</summary>
/// <param name="ScheduledAt">When it was due (jitter included).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="WorkflowId">The scheduled workflow it started, which runs the pipeline as its child.</param>
internal sealed record ScheduledActionResponse(DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, string WorkflowId);
