using ContentFlows.Workflows.Batches;

namespace ContentFlows.Workflows.Notifications;

/// <summary>Asks the notification activity to tell a project's people about one event (ids and a summary, no content).</summary>
/// <param name="NotificationId">Made once by the workflow; the same on every attempt, so receivers and the log deduplicate by it.</param>
/// <param name="Event">What happened.</param>
/// <param name="ProjectId">The project whose notification settings apply.</param>
/// <param name="RunId">The run, for run events; null for a batch.</param>
/// <param name="BatchId">The batch, for <see cref="NotificationEvent.BatchFinished"/>; null otherwise.</param>
/// <param name="State">The run's state (e.g. awaiting-approval, needs-review, escalated), or null.</param>
/// <param name="Reason">Why, in a sentence (the failure, the review reason), or null.</param>
/// <param name="Batch">The batch's counts, for <see cref="NotificationEvent.BatchFinished"/>; null otherwise.</param>
public sealed record NotificationRequest(
    Guid NotificationId,
    NotificationEvent Event,
    Guid ProjectId,
    Guid? RunId,
    Guid? BatchId,
    string? State,
    string? Reason,
    BatchResult? Batch = null);
