using ContentFlows.Activities.Stages;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Approvals;

/// <summary>
/// The <c>approval</c> stage type. The workflow runs it itself (it waits for a signal), so it is registered only to
/// validate definitions like any other type; the activity never executes it.
/// </summary>
public sealed class ApprovalStage : StageType<ApprovalStageConfig>
{
    /// <inheritdoc />
    public override string TypeName => PipelineStageTypes.Approval;

    /// <inheritdoc />
    public override string Description => "Waits for a reviewer to approve, edit or reject the draft (the reviewers' page or the console), escalating after the timeout.";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Validate(ApprovalStageConfig config) => config.Validate();

    /// <inheritdoc />
    protected override Task<StageOutcome> ExecuteAsync(StageContext context, ApprovalStageConfig config) =>
        throw new StageConfigurationException("The approval stage is a workflow step; the stage activity cannot run it.");
}
