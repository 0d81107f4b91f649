using Microsoft.Extensions.Logging;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Workflows.Notifications;

/// <summary>
/// Sends notifications from workflow code: one activity per event, retried by Temporal with backoff, whose failure is
/// logged and never fails the run — telling people is a courtesy, the run's outcome is not.
/// </summary>
internal static class WorkflowNotifications
{
    /// <summary>The patch every notification call site is guarded by: runs recorded before notifications sent none.</summary>
    public const string Patch = "notifications";

    // About a minute of attempts (2, 4, 8, 16, 30 s apart) covers a receiver's restart without holding a run for long.
    private static readonly ActivityOptions Options = new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(60),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(2),
            BackoffCoefficient = 2,
            MaximumInterval = TimeSpan.FromSeconds(30),
            MaximumAttempts = 6,
        },
    };

    /// <summary>Sends <paramref name="request"/>; completes when it was delivered or given up on, never with an exception.</summary>
    public static async Task SendAsync(NotificationRequest request)
    {
        try
        {
            await Workflow.ExecuteActivityAsync(NotificationActivityNames.Send, [request], Options);
        }
        catch (ActivityFailureException e)
        {
            Workflow.Logger.LogWarning(e, "Notification {NotificationId} ({Event}) was not delivered; the run goes on.", request.NotificationId, request.Event);
        }
    }
}
