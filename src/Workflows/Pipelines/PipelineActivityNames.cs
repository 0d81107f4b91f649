namespace ContentFlows.Workflows.Pipelines;

/// <summary>
/// The activity names the pipeline calls. The activities live in ContentFlows.Activities, which references this
/// project, so the workflow names them by string as Temporal workflows do across packages. A stage runs as the
/// activity named by its stage type (<see cref="StageDefinition.Type"/>: <see cref="StageInvocation"/> → <see cref="StageOutcome"/>).
/// </summary>
public static class PipelineActivityNames
{
    /// <summary>Audits an approval decision: <see cref="ApprovalRecordRequest"/> → <see cref="ApprovalRecorded"/>.</summary>
    public const string RecordApproval = "approval.record";

    /// <summary>Stores a run's state: <see cref="RunStateUpdate"/>.</summary>
    public const string UpdateRunState = "run.update-state";
}
