using System.Text.Json.Serialization;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Notifications;

/// <summary>What people are told about; the kebab-case names are those a project's notification settings list.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<NotificationEvent>))]
public enum NotificationEvent
{
    /// <summary>A draft waits in the reviewers' queue (an approval stage, or a draft that needs review).</summary>
    AwaitingApproval,

    /// <summary>An approval timed out and was escalated; the draft still waits for a reviewer.</summary>
    Escalated,

    /// <summary>A run's workflow failed (a stage exhausted its retries or failed for good).</summary>
    RunFailed,

    /// <summary>A batch ended: every item has an outcome, or the batch was cancelled.</summary>
    BatchFinished,
}
