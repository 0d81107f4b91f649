namespace ContentFlows.Workflows.Pipelines;

/// <summary>Asks the approval activity to audit a decision and, for an edit, store the edited version.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="RunId">The run.</param>
/// <param name="StageIndex">The approval stage's index.</param>
/// <param name="ReviewedVersion">The version the reviewer saw.</param>
/// <param name="Decision">The decision (from a signal, or made by the timeout policy with a "system:" reviewer).</param>
/// <param name="Round">0 for an approval stage; the review round for a needs-review decision, so each wait is audited once.</param>
public sealed record ApprovalRecordRequest(Guid ProjectId, Guid RunId, int StageIndex, int? ReviewedVersion, ApprovalDecision Decision, int Round = 0);
