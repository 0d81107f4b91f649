namespace ContentFlows.Workflows.Schedules;

/// <summary>Asks the worker to run one intake action.</summary>
/// <param name="Intake">The schedule's input.</param>
/// <param name="IntakeId">Chosen by the workflow: the id of the dataset and of the batch, so a retried activity neither imports nor starts twice.</param>
/// <param name="ScheduledAt">The action's nominal time (UTC), which names the dataset.</param>
public sealed record CatalogueIntakeRequest(CatalogueIntakeInput Intake, Guid IntakeId, DateTime ScheduledAt);
