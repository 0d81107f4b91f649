namespace ContentFlows.Workflows.Pipelines;

/// <summary>The config of the <c>approval</c> stage, interpreted by the workflow itself (it is a deterministic step, not an activity).</summary>
public sealed record ApprovalStageConfig
{
    /// <summary>Gets how long to wait for a decision; null waits forever. Default 72 hours.</summary>
    public int? TimeoutSeconds { get; init; } = 72 * 3600;

    /// <summary>Gets what happens on timeout. Default <see cref="ApprovalTimeoutAction.Escalate"/>.</summary>
    public ApprovalTimeoutAction OnTimeout { get; init; } = ApprovalTimeoutAction.Escalate;

    /// <summary>Gets the minimum gate score for <see cref="ApprovalTimeoutAction.AutoApproveAboveScore"/>. Default 90.</summary>
    public int AutoApproveMinScore { get; init; } = 90;

    /// <summary>
    /// Gets how long to wait after an escalation before the run is auto-rejected; null waits for the escalated reviewer
    /// forever. Needs a <see cref="TimeoutSeconds"/> and a timeout action that can escalate.
    /// </summary>
    public int? EscalationTimeoutSeconds { get; init; }

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TimeoutSeconds is <= 0)
        {
            problems.Add($"timeoutSeconds must be positive (was {TimeoutSeconds}).");
        }

        if (AutoApproveMinScore is < 0 or > 100)
        {
            problems.Add($"autoApproveMinScore must be within 0..100 (was {AutoApproveMinScore}).");
        }

        if (EscalationTimeoutSeconds is { } escalation)
        {
            if (escalation <= 0)
            {
                problems.Add($"escalationTimeoutSeconds must be positive (was {escalation}).");
            }

            if (TimeoutSeconds is null || OnTimeout == ApprovalTimeoutAction.AutoReject)
            {
                problems.Add($"escalationTimeoutSeconds needs a timeoutSeconds and an onTimeout that escalates (was onTimeout {OnTimeout}, timeoutSeconds {TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}).");
            }
        }

        return problems;
    }
}
