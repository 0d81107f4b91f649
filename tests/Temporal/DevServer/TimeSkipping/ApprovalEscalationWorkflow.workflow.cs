using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.TimeSkipping;

/// <summary>A pipeline's approval gate: waits up to 48 hours for an approval signal, escalates when none came.</summary>
[Workflow]
public class ApprovalEscalationWorkflow
{
    public static readonly TimeSpan ApprovalTimeout = TimeSpan.FromHours(48);

    private string? _approver;

    [WorkflowRun]
    public async Task<string> RunAsync(string document)
    {
        if (await Workflow.WaitConditionAsync(() => _approver is not null, ApprovalTimeout))
        {
            return $"{document} approved by {_approver}";
        }

        return await Workflow.ExecuteActivityAsync((EscalationActivities a) => a.EscalateAsync(document), new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
    }

    [WorkflowSignal]
    public Task ApproveAsync(string approver)
    {
        _approver = approver;
        return Task.CompletedTask;
    }
}
