namespace ContentFlows.Activities.Runs;

/// <summary>A position in a project's runs, newest first: the creation time and id of the last run seen.</summary>
/// <param name="CreatedAt">The run's creation time.</param>
/// <param name="Id">The run's id (orders runs created in the same instant).</param>
public sealed record PipelineRunCursor(DateTimeOffset CreatedAt, Guid Id);
