using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Eager activity execution, as Temporal's history service serves it: an activity the workflow asks to run eagerly
/// (request_eager_execution, sent by sdk-core when it holds a free activity slot) on the workflow's own task queue
/// starts at once and travels back in RespondWorkflowTaskCompletedResponse.activity_tasks instead of through matching.
/// </summary>
internal sealed partial class ServerEngine
{
    private void ServeEagerActivities(WorkflowRun run, RespondWorkflowTaskCompletedRequest request, RespondWorkflowTaskCompletedResponse response, Mutation m)
    {
        if (!_dynamicConfig.ActivityEagerExecution || !run.IsOpen || m.ErrorAfterCommit is not null)
        {
            return;
        }

        foreach (var command in request.Commands)
        {
            if (command.ScheduleActivityTaskCommandAttributes is not { RequestEagerExecution: true } attributes)
            {
                continue;
            }

            var activity = run.Activities.Values.FirstOrDefault(a => a.Scheduled.ActivityId == attributes.ActivityId);
            if (activity is not { State: ActivityAttemptStatus.Scheduled, Attempt: 1 }
                || !string.Equals(activity.Scheduled.TaskQueue.Name, run.TaskQueueName, StringComparison.Ordinal))
            {
                continue;
            }

            // Taken out of the queue before anyone could poll it: the dispatch is only released after commit.
            m.Dispatches.RemoveAll(d => d.Queue.Category == TaskCategory.Activity && d.Task.Run == run.Key && d.Task.ScheduledEventId == activity.ScheduledEventId);
            if (StartActivityTask(new DispatchedTask(run.Key, activity.ScheduledEventId, activity.Attempt), request.Identity, m) is { } task)
            {
                response.ActivityTasks.Add(task);
            }
        }
    }
}
