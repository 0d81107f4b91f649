using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>What to send back for one polled workflow task: exactly one of the three requests is set.</summary>
/// <param name="Completed">The commands (and query answers) of a processed workflow task.</param>
/// <param name="Failed">The failure of a workflow task (non-determinism, an unhandled exception, a deadlock).</param>
/// <param name="QueryCompleted">The answer to a legacy query task.</param>
internal sealed record WorkflowTaskCompletion(
    RespondWorkflowTaskCompletedRequest? Completed,
    RespondWorkflowTaskFailedRequest? Failed,
    RespondQueryTaskCompletedRequest? QueryCompleted);
